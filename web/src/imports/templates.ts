import { csvField } from './problems';
import { COLUMNS, type ImportKind } from './job';

// A sample file per import: the heading row the server needs and one row as an example, with
// Vietnamese names and the kinds in Vietnamese, as a file exported from the ministry's list reads.
// UTF-8 with a byte-order mark, so Excel shows the Vietnamese letters; the server skips the mark.

const EXAMPLES: Record<ImportKind, readonly string[]> = {
  // Xã Cự Khê (mã 10210) of Huyện Thanh Oai (mã 278), Hà Nội.
  units: ['10210', 'Xã Cự Khê', 'xã', '278'],
  volunteers: ['t-abcd234567', 'Nguyễn Thị Lan', '0912345678', 'Chi đoàn thôn Cự Đà'],
};

export function templateCsv(kind: ImportKind): string {
  return `\uFEFF${[COLUMNS[kind], EXAMPLES[kind]].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export const templateName = (kind: ImportKind) => (kind === 'units' ? 'mau-nhap-don-vi.csv' : 'mau-nhap-tinh-nguyen-vien.csv');
