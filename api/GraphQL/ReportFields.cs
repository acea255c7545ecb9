using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Reports;

namespace Volunteers.Api.GraphQL;

/// <summary>The end-of-day report, as GraphQL reads it; the same report is a file under /reports.</summary>
public static class ReportFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ReportType>>("report")
            .Description("The end-of-day report of a campaign, unit, ward or team: one line per level below, from the dashboard's counts.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<IdGraphType>("scopeId")
            .Argument<StringGraphType>("lang", "vi (the default) or en")
            .ResolveAsync(async c =>
            {
                var language = ReportLanguage.Parse(c.GetArgument<string?>("lang"));
                var report = await c.RequestServices!.GetRequiredService<ReportBuilder>().Build(c.GetArgument<string>("campaignId"), c.GetArgument<string?>("scopeId"));
                return new ReportView(report, language);
            });
    }
}
