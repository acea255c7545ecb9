using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Imports;
using Volunteers.Api.Reports;
using Volunteers.Assignments;
using Volunteers.Audit;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Reports;
using Volunteers.Tallies;
using Volunteers.Teams;

namespace Volunteers.Api.GraphQL;

public sealed class VolunteersQuery : ObjectGraphType
{
    public VolunteersQuery()
    {
        Name = "Query";

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CampaignType>>>>("campaigns").ResolveAsync(async c =>
        {
            var ids = await c.Grains().GetGrain<ICampaignDirectoryGrain>(0).List();
            return await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<ICampaignGrain>(id).Get().Existing("campaignId", id)));
        });

        Field<NonNullGraphType<CampaignType>>("campaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Campaign(c.GetArgument<string>("id")));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitType>>>>("units")
            .Description("The units directly under parentId; the top of the tree without it.")
            .Argument<IdGraphType>("parentId")
            .ResolveAsync(async c =>
            {
                var parentId = c.GetArgument<string?>("parentId");
                var ids = parentId is null
                    ? await c.Grains().GetGrain<IUnitDirectoryGrain>(0).Roots()
                    : (await c.Unit(parentId, "parentId")).ChildIds;
                return await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<IUnitGrain>(id).Get().Existing("unitId", id)));
            });

        Field<NonNullGraphType<UnitType>>("unit")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Unit(c.GetArgument<string>("id"), "id"));

        Field<NonNullGraphType<TeamType>>("team")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = Ids.Require(c.GetArgument<string>("id"), "id", Ids.Team);
                return await c.Grains().GetGrain<ITeamGrain>(id).Get().Existing("id", id);
            });

        Field<NonNullGraphType<VolunteerType>>("volunteer")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = Ids.Require(c.GetArgument<string>("id"), "id", Ids.Volunteer);
                return await c.Grains().GetGrain<IVolunteerGrain>(id).Get().Existing("id", id);
            });

        Field<NonNullGraphType<CountsType>>("counts")
            .Description("Live counts of a campaign, or of one unit, team or volunteer in it.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<IdGraphType>("scopeId")
            .ResolveAsync(async c => await c.Counts().Read(c.GetArgument<string>("campaignId"), c.GetArgument<string?>("scopeId")));

        Field<NonNullGraphType<ReconciliationType>>("reconcile")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                return await c.Grains().GetGrain<IReconciliationGrain>(campaign.Id).Reconcile();
            });

        Field<NonNullGraphType<ReportType>>("report")
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

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("auditLog")
            .Description("The audit trail, newest first: voided records and changes of accounts, roles and assignments, of a campaign, at or below a unit, or both.")
            .Argument<IdGraphType>("campaignId")
            .Argument<IdGraphType>("unitId", "Only acts at or below this unit.")
            .Argument<StringGraphType>("action", "Only this action, e.g. help.void.")
            .Argument<StringGraphType>("target", "Only acts on this target, e.g. a record id.")
            .Argument<NonNullGraphType<IntGraphType>>("limit", "At most this many entries.", argument => argument.DefaultValue = 100)
            .ResolveAsync(async c =>
            {
                var campaignId = c.GetArgument<string?>("campaignId");
                var unitId = c.GetArgument<string?>("unitId");
                if (campaignId is null && unitId is null)
                {
                    throw DomainException.Invalid("campaignId", "auditLog needs a campaignId, a unitId or both.");
                }
                var campaign = campaignId is null ? null : await c.Campaign(campaignId);
                var unit = unitId is null ? null : await c.Unit(unitId, "unitId");
                return await c.Grains().GetGrain<IAuditTrailGrain>(0).List(
                    new AuditQuery(campaign?.Id, unit?.Id, c.GetArgument<string?>("action"), c.GetArgument<string?>("target"), c.GetArgument<int>("limit")));
            });

        Field<NonNullGraphType<ImportJobType>>("importStatus")
            .Description("Progress of an import: rows processed of the total, the rows refused, and whether it is done.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(c => c.RequestServices!.GetRequiredService<ImportJobs>().Get(c.GetArgument<string>("id")));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceCoverageType>>>>("coverage")
            .Description("The ward's places with the teams assigned to each: uncovered and double-assigned places stand out.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<IdGraphType>>("wardId")
            .ResolveAsync(async c => await Coverage(c));
    }

    internal static async Task<System.Collections.Immutable.ImmutableArray<PlaceCoverage>> Coverage(IResolveFieldContext context)
    {
        var campaign = await context.Campaign(context.GetArgument<string>("campaignId"));
        var wardId = Ids.Require(context.GetArgument<string>("wardId"), "wardId", Ids.Unit);
        if (!campaign.WardIds.Contains(wardId))
        {
            throw DomainException.Invalid("wardId", $"Campaign '{campaign.Name}' does not cover ward '{wardId}'.");
        }
        return await context.Grains().GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaign.Id, wardId)).Coverage();
    }
}
