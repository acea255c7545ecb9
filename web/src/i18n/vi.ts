// Vietnamese is the source catalogue: its keys define what every other language may translate,
// and its strings are what a reader sees when a translation is missing.
export const vi = {
  'app.name': 'Tổ công nghệ số cộng đồng',
  'app.tagline': 'Tổ công nghệ số cộng đồng — ngày đồng loạt ra quân',
  'lang.switch': 'English',
  'lang.switch.label': 'Switch to English',
  'nav.home': 'Trang chủ',
  'nav.label': 'Điều hướng chính',
  'nav.explorer': 'Trình khám phá GraphQL',

  'home.title': 'Tổ công nghệ số cộng đồng — ngày đồng loạt ra quân',
  'home.lead':
    'Nền tảng điều phối đoàn viên, tình nguyện viên Đoàn Thanh niên hỗ trợ người dân chuyển đổi số trong các ngày đồng loạt ra quân: lập chiến dịch và chỉ tiêu, phân công tổ về từng khu phố và bộ phận một cửa, ghi nhận từng lượt hỗ trợ và theo dõi kết quả trực tiếp.',
  'home.privacy': 'Nền tảng không lưu họ tên hay số định danh của người dân được hỗ trợ.',
  'home.parts': 'Các phân hệ',
  'home.soon': 'Sắp ra mắt',
  'home.dashboard.title': 'Bảng điều khiển chiến dịch',
  'home.dashboard.body':
    'Dành cho Huyện đoàn, Tỉnh đoàn, Thành đoàn: lập ngày ra quân, đặt chỉ tiêu theo phường và dịch vụ, theo dõi tiến độ trực tiếp và xuất báo cáo.',
  'home.ward.title': 'Phân công của phường',
  'home.ward.body':
    'Dành cho cán bộ UBND, Đoàn phường, xã: đăng ký khu phố, tổ công nghệ số và phân công địa bàn, bộ phận một cửa cho từng tổ.',
  'home.volunteer.title': 'Ứng dụng tình nguyện viên',
  'home.volunteer.body':
    'Trên điện thoại: điểm danh tại nơi được phân công, ghi nhận từng lượt hỗ trợ người dân, vẫn dùng được khi mất mạng.',
  'home.dev': 'Dành cho nhà phát triển',
  'home.explorer.body': 'Thử truy vấn API GraphQL tại /graphql ngay trên trình duyệt, kèm trình duyệt lược đồ.',

  'explorer.title': 'Trình khám phá GraphQL',
  'explorer.query': 'Truy vấn',
  'explorer.variables': 'Biến (JSON)',
  'explorer.run': 'Chạy',
  'explorer.run.hint': 'Ctrl+Enter để chạy',
  'explorer.cancel': 'Dừng',
  'explorer.result': 'Kết quả',
  'explorer.result.empty': 'Chưa có kết quả. Viết truy vấn rồi bấm Chạy.',
  'explorer.status.running': 'Đang chạy…',
  'explorer.status.done': 'HTTP {status} · {ms} ms',
  'explorer.status.cancelled': 'Đã dừng.',
  'explorer.status.network': 'Không kết nối được máy chủ: {message}',
  'explorer.status.badVariables': 'Biến không phải JSON hợp lệ: {message}',
  'explorer.status.variablesNotObject': 'Biến phải là một đối tượng JSON, ví dụ {"id": "1"}.',
  'explorer.schema': 'Lược đồ',
  'explorer.schema.loading': 'Đang tải lược đồ…',
  'explorer.schema.error': 'Không tải được lược đồ: {message}',
  'explorer.schema.retry': 'Thử lại',
  'explorer.schema.filter': 'Lọc theo tên',
  'explorer.schema.back': 'Quay lại',
  'explorer.schema.allTypes': 'Tất cả kiểu dữ liệu',
  'explorer.schema.insertHint': 'Bấm tên trường để chèn truy vấn mẫu; bấm tên kiểu để xem các trường.',
  'explorer.schema.inserted': 'Đã chèn truy vấn mẫu cho {field}.',
  'explorer.schema.fields': 'Trường',
  'explorer.schema.inputFields': 'Trường đầu vào',
  'explorer.schema.values': 'Giá trị',
  'explorer.schema.possibleTypes': 'Các kiểu có thể',
  'explorer.schema.deprecated': 'ngừng dùng',
  'explorer.schema.none': 'Không có.',
  'explorer.schema.insert': 'Chèn truy vấn mẫu cho {field}',
  'explorer.schema.showType': 'Xem kiểu {type}',
};

export type MessageKey = keyof typeof vi;
export type Messages = Record<MessageKey, string>;
