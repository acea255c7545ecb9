using System.Text.Encodings.Web;
using System.Text.Unicode;
using Volunteers.Accounts;
using Volunteers.Api.Access;
using Volunteers.Api.Counting;
using Volunteers.Api.Hosting;

namespace Volunteers.Api.Certificates;

public static class CertificateEndpoints
{
    /// <summary>
    /// GET /certificates/{campaignId}.pdf (?volunteer=id; the caller's own when a volunteer asks): the
    /// certificate of hours. GET /certificates/verify/{code}: anyone holding a certificate checks it.
    /// </summary>
    public static IEndpointRouteBuilder MapCertificates(this IEndpointRouteBuilder app)
    {
        var certificates = app.MapGroup("/certificates").AddEndpointFilter<DomainRefusalFilter>();
        certificates.MapGet("/{campaignId}.pdf", async (string campaignId, HttpContext http, CertificateFonts fonts, CertificateCode codes,
            IGrainFactory grains, CountsReader counts, TimeProvider time) =>
        {
            if (!fonts.IsInstalled)
            {
                return Unavailable(CertificateFonts.Missing);
            }
            var certificate = await HoursCertificate.Read(grains, counts, time, campaignId, VolunteerOf(http));
            var code = codes.Make(certificate.Campaign.Id, certificate.Volunteer.Id);
            CertificatePdf.UseFonts(fonts);
            var pdf = CertificatePdf.Render(certificate, code, $"{http.Request.Scheme}://{http.Request.Host}{VerifyPath(code)}");
            return Results.File(pdf, CertificatePdf.ContentType, FileName(certificate));
        })
            .RequireAuthorization(AuthHosting.SignedIn)
            .AddEndpointFilter(new AccessFilter(_ => "volunteer", (access, http) => AccessRules.MayReadCertificate(access, VolunteerOf(http))));

        certificates.MapGet("/verify/{code}", async (string code, HttpContext http, CertificateCode codes,
            IGrainFactory grains, CountsReader counts, TimeProvider time) =>
        {
            // A forged code and an unknown volunteer read alike, so the check tells nothing but "not ours".
            var named = codes.Read(code) ?? throw new DomainException("NOT_FOUND", "code", "code: this is not a certificate this platform issued.");
            var certificate = await HoursCertificate.Read(grains, counts, time, named.CampaignId, named.VolunteerId);
            return Prefers(http, "text/html") ? Results.Content(CheckPage(certificate), "text/html; charset=utf-8") : Results.Json(Check(certificate));
        });
        return app;
    }

    // The default encoder escapes every letter with a diacritic; the page says it is UTF-8.
    private static readonly HtmlEncoder VietnameseHtml = HtmlEncoder.Create(UnicodeRanges.All);

    public static string VerifyPath(string code) => $"/certificates/verify/{Uri.EscapeDataString(code)}";

    /// <summary>The volunteer asked for, else the caller themself when they are a volunteer.</summary>
    private static string? VolunteerOf(HttpContext http)
    {
        if (http.Request.Query["volunteer"].FirstOrDefault() is { Length: > 0 } asked)
        {
            return asked;
        }
        var caller = Caller.From(http.User);
        return caller.Role == Role.Volunteer ? caller.ScopeId : null;
    }

    private static object Check(HoursCertificate c) => new
    {
        valid = true,
        volunteer = c.Volunteer.Name,
        team = c.TeamName,
        ward = c.WardName,
        campaign = c.Campaign.Name,
        date = c.Campaign.Date,
        hours = Math.Round(c.Hours.TotalHours, 2),
        shifts = c.Shifts.Length,
        helps = c.Helps,
        provisional = c.Provisional,
        checkedAt = c.IssuedAt,
    };

    private static string CheckPage(HoursCertificate c)
    {
        var html = VietnameseHtml;
        var hours = Math.Round(c.Hours.TotalHours, 2).ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));
        return $"""
            <!doctype html>
            <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Kiểm tra giấy xác nhận</title></head>
            <body><main>
            <h1>Giấy xác nhận hợp lệ</h1>
            <p>Tình nguyện viên <strong>{html.Encode(c.Volunteer.Name)}</strong>, {html.Encode(c.TeamName)} ({html.Encode(c.WardName)}),
            đã tham gia “{html.Encode(c.Campaign.Name)}”, {html.Encode(VietnamTime.LongDate(c.Campaign.Date))}.</p>
            <p>Nền tảng ghi nhận <strong>{hours} giờ</strong> trong {c.Shifts.Length} ca và {c.Helps} lượt hỗ trợ, lúc {VietnamTime.Minute(c.IssuedAt)} (giờ Việt Nam){(c.Provisional ? "; số liệu còn tạm tính" : "")}.</p>
            <p>Nếu số giờ in trên giấy khác số trên, giấy đã bị sửa.</p>
            </main></body></html>
            """;
    }

    private static bool Prefers(HttpContext http, string type) =>
        http.Request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1).FirstOrDefault()?.MediaType.Value == type;

    private static IResult Unavailable(string message) => Results.Json(
        new { error = new { code = "UNAVAILABLE", field = "", message } }, statusCode: StatusCodes.Status503ServiceUnavailable);

    private static string FileName(HoursCertificate c) =>
        $"Giấy xác nhận {c.Volunteer.Name} {c.Campaign.Date.ToString("dd-MM-yyyy", System.Globalization.CultureInfo.InvariantCulture)}.pdf";
}
