using GraphQL.Types;
using Volunteers.Api.Reports;

namespace Volunteers.Api.GraphQL.Types;

public sealed record ReportView(CampaignReport Report, ReportLanguage Language);

public sealed class ReportType : ObjectGraphType<ReportView>
{
    public ReportType()
    {
        Name = "Report";
        Description = "The end-of-day report of a scope, from the same counts as the dashboard, at one moment.";
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.Report.Campaign.Id);
        Field<NonNullGraphType<IdGraphType>>("scopeId").Resolve(c => c.Source.Report.Total.Counts.ScopeId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Description("The moment the figures are from.").Resolve(c => c.Source.Report.At);
        Field<NonNullGraphType<StringGraphType>>("csv").Resolve(c => ReportTable.Of(c.Source.Report, c.Source.Language).ToCsvText());
        Field<NonNullGraphType<StringGraphType>>("csvUrl").Resolve(c => Url(c.Source, ".csv"));
        Field<NonNullGraphType<StringGraphType>>("xlsxUrl").Resolve(c => Url(c.Source, ".xlsx"));
        Field<NonNullGraphType<StringGraphType>>("chartUrl").Description("The progress chart per unit, as SVG.").Resolve(c => Url(c.Source, "/progress.svg"));
    }

    private static string Url(ReportView view, string file) =>
        ReportEndpoints.Url(view.Report.Campaign.Id, view.Report.Total.Counts.ScopeId, view.Language.Code, file);
}
