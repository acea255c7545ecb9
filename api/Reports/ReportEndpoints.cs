using Volunteers.Api.Access;
using Volunteers.Api.Counting;
using Volunteers.Api.Hosting;

namespace Volunteers.Api.Reports;

public static class ReportEndpoints
{
    /// <summary>
    /// GET /reports/{campaignId}.csv and .xlsx (?scope=unit or team id, &amp;lang=en) and the chart at
    /// /reports/{campaignId}/progress.svg: plain URLs the web app can link to and a browser can download.
    /// </summary>
    public static IEndpointRouteBuilder MapReports(this IEndpointRouteBuilder app)
    {
        // Reports are for staff: the organiser of the subtree, or the ward's official for the ward.
        var reports = app.MapGroup("/reports").AddEndpointFilter<DomainRefusalFilter>().RequireAuthorization(AuthHosting.SignedIn)
            .AddEndpointFilter(new AccessFilter(RefusedField, (access, http) => AccessRules.MayReadReport(
                access, http.RequestServices.GetRequiredService<CountsReader>(),
                (string?)http.Request.RouteValues["campaignId"], http.Request.Query["scope"].FirstOrDefault())));
        reports.MapGet("/{campaignId}.csv", async (string campaignId, string? scope, string? lang, ReportBuilder builder) =>
        {
            var (report, table) = await Build(builder, campaignId, scope, lang);
            return Results.File(table.ToCsv(), ReportTable.CsvType, ReportFileName.Of(report, ReportLanguage.Parse(lang), "csv"));
        });
        reports.MapGet("/{campaignId}.xlsx", async (string campaignId, string? scope, string? lang, ReportBuilder builder) =>
        {
            var (report, table) = await Build(builder, campaignId, scope, lang);
            return Results.File(table.ToXlsx(ReportLanguage.Parse(lang).Title), ReportTable.XlsxType, ReportFileName.Of(report, ReportLanguage.Parse(lang), "xlsx"));
        });
        reports.MapGet("/{campaignId}/progress.svg", async (string campaignId, string? scope, string? lang, ReportBuilder builder) =>
        {
            var language = ReportLanguage.Parse(lang);
            return Results.Text(ProgressChart.Render(await builder.Build(campaignId, scope), language), ProgressChart.ContentType);
        });
        return app;
    }

    /// <summary>Without a scope the report is of the whole campaign, so the campaign is what was out of reach.</summary>
    private static string RefusedField(HttpContext http) => string.IsNullOrEmpty(http.Request.Query["scope"]) ? "campaignId" : "scope";

    public static string Url(string campaignId, string? scopeId, string? lang, string file) =>
        $"/reports/{Uri.EscapeDataString(campaignId)}{file}" + QueryString.Create(
            new[] { ("scope", scopeId), ("lang", lang) }.Where(p => p.Item2 is not null)
                .Select(p => new KeyValuePair<string, string?>(p.Item1, p.Item2)));

    private static async Task<(CampaignReport, ReportTable)> Build(ReportBuilder builder, string campaignId, string? scope, string? lang)
    {
        var language = ReportLanguage.Parse(lang);
        var report = await builder.Build(campaignId, scope);
        return (report, ReportTable.Of(report, language));
    }
}
