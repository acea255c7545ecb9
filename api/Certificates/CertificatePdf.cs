using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Volunteers.Api.Certificates;

/// <summary>
/// A certificate of hours as one A4 page in Vietnamese: the statement, the shifts in Vietnam's time,
/// and the code and address that let anyone check it against the platform.
/// </summary>
public static class CertificatePdf
{
    public const string ContentType = "application/pdf";

    private const double Margin = 56;
    private static readonly CultureInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN");
    private static readonly Lock FontsLock = new();

    /// <summary>PDFsharp keeps one resolver for the process and refuses a second once fonts were used.</summary>
    public static void UseFonts(CertificateFonts fonts)
    {
        lock (FontsLock)
        {
            GlobalFontSettings.FontResolver ??= fonts;
        }
    }

    public static byte[] Render(HoursCertificate certificate, string code, string verifyUrl)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"Giấy xác nhận tham gia — {certificate.Volunteer.Name}";
        document.Info.Creator = "Tổ công nghệ số cộng đồng";
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            new Writer(graphics, page.Width.Point - 2 * Margin).Write(certificate, code, verifyUrl);
        }
        using var stream = new MemoryStream();
        document.Save(stream);
        return stream.ToArray();
    }

    private sealed class Writer(XGraphics graphics, double width)
    {
        private readonly XFont _title = Font(20, XFontStyleEx.Bold);
        private readonly XFont _heading = Font(12, XFontStyleEx.Bold);
        private readonly XFont _body = Font(11, XFontStyleEx.Regular);
        private readonly XFont _small = Font(9, XFontStyleEx.Regular);
        private double _y = Margin;

        public void Write(HoursCertificate c, string code, string verifyUrl)
        {
            Centred("TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG", _heading);
            Centred(c.WardName, _body);
            _y += 24;
            Centred("GIẤY XÁC NHẬN THAM GIA", _title);
            _y += 16;
            Paragraph($"Xác nhận tình nguyện viên {c.Volunteer.Name}"
                + (string.IsNullOrWhiteSpace(c.Volunteer.Branch) ? "" : $" ({c.Volunteer.Branch})")
                + $", thành viên {c.TeamName} ({c.WardName}), đã tham gia ngày đồng loạt ra quân “{c.Campaign.Name}”, "
                + $"{VietnamTime.LongDate(c.Campaign.Date)}.", _body);
            Paragraph($"Tổng thời gian tham gia: {Hours(c.Hours)} giờ, trong {c.Shifts.Length} ca. "
                + $"Số lượt hỗ trợ người dân được ghi nhận: {c.Helps.ToString("N0", Vietnamese)}.", _heading);
            if (c.Provisional)
            {
                Paragraph("Số liệu tạm tính: ngày ra quân chưa chốt số liệu, các lượt ghi đồng bộ muộn vẫn có thể được cộng thêm.", _small);
            }
            _y += 8;
            Shifts(c);
            _y += 24;
            Paragraph($"Mã xác minh: {code}", _heading);
            Paragraph($"Kiểm tra giấy này tại {verifyUrl} — trang kiểm tra cho biết số giờ mà nền tảng ghi nhận.", _small);
            Paragraph($"Cấp lúc {VietnamTime.Minute(c.IssuedAt)} (giờ Việt Nam).", _small);
        }

        private void Shifts(HoursCertificate c)
        {
            double[] columns = [0, 40, 190, 340];
            Row(["Ca", "Vào", "Ra", "Thời gian (giờ)"], columns, _heading);
            foreach (var (shift, index) in c.Shifts.Select((s, i) => (s, i + 1)))
            {
                var end = shift.CheckedOutAt;
                Row([
                    index.ToString(CultureInfo.InvariantCulture),
                    VietnamTime.Minute(shift.CheckedInAt),
                    end is { } checkedOut ? VietnamTime.Minute(checkedOut) : "chưa ra",
                    Hours(shift.Length(c.CountedUntil)),
                ], columns, _body);
            }
        }

        private void Row(string[] cells, double[] columns, XFont font)
        {
            for (var i = 0; i < cells.Length; i++)
            {
                graphics.DrawString(cells[i], font, XBrushes.Black, new XPoint(Margin + columns[i], _y + font.Height), XStringFormats.BottomLeft);
            }
            _y += font.Height + 4;
        }

        private void Centred(string text, XFont font)
        {
            graphics.DrawString(text, font, XBrushes.Black, new XRect(Margin, _y, width, font.Height), XStringFormats.TopCenter);
            _y += font.Height + 4;
        }

        private void Paragraph(string text, XFont font)
        {
            // Wide enough for the longest names the api accepts; a line is ~80 characters at 11 pt.
            var lines = Math.Max(1, (int)Math.Ceiling(graphics.MeasureString(text, font).Width / width) + 1);
            var box = new XRect(Margin, _y, width, lines * font.Height);
            new XTextFormatter(graphics).DrawString(text, font, XBrushes.Black, box, XStringFormats.TopLeft);
            _y += box.Height + 6;
        }

        // Vietnamese letters with two marks (ễ, ồ, ổ) are composite glyphs built from other glyphs, which
        // PDFsharp's subsetting leaves out: they printed as a bare "e". The whole face is embedded instead.
        private static XFont Font(double size, XFontStyleEx style) =>
            new(CertificateFonts.Family, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile));

        private static string Hours(TimeSpan length) => Math.Round(length.TotalHours, 2).ToString("0.##", Vietnamese);
    }
}
