using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Campaigns;

namespace Volunteers.Api.GraphQL;

/// <summary>Campaign days: the campaigns a caller sees, and an organiser's creating, targeting, starting and closing of one.</summary>
public static class CampaignFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CampaignType>>>>("campaigns").ResolveAsync(async c =>
        {
            var ids = await c.Grains().GetGrain<ICampaignDirectoryGrain>(0).List();
            return await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<ICampaignGrain>(id).Get().Existing("campaignId", id)));
        });

        query.Field<NonNullGraphType<CampaignType>>("campaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Campaign(c.GetArgument<string>("id")));
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CampaignType>>("createCampaign")
            .Argument<NonNullGraphType<CampaignInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CampaignInput>("input");
                var services = input.Services?.Select(s => new Service(s.Code, s.Name, s.NameEn ?? s.Name)).ToImmutableArray();
                return await c.Grains().GetGrain<ICampaignGrain>(Ids.New(Ids.Campaign)).Create(new NewCampaign(
                    input.Name, input.Date, input.StartsAt, input.EndsAt,
                    [.. input.WardIds.Select(id => Ids.Require(id, "wardIds", Ids.Unit))], services, input.IsPublic));
            });

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetType>>>>("setTargets")
            .Description("Sets the targets of the wards named; a ward's targets not listed again are removed.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<TargetInputType>>>>("targets")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                var targets = c.GetArgument<List<TargetInput>>("targets").Select(t => new Target(t.WardId, t.Service, t.Count));
                return await c.Grains().GetGrain<ICampaignGrain>(campaign.Id).SetTargets([.. targets]);
            });

        mutation.Field<NonNullGraphType<CampaignType>>("startCampaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Grains().GetGrain<ICampaignGrain>((await c.Campaign(c.GetArgument<string>("id"))).Id).Start());

        mutation.Field<NonNullGraphType<CampaignType>>("closeCampaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<IntGraphType>("lateSyncMinutes", "How long phones that were offline may still deliver records made before the close; the deployment's default when left out.")
            .ResolveAsync(async c => await c.Grains().GetGrain<ICampaignGrain>((await c.Campaign(c.GetArgument<string>("id"))).Id)
                .Close(c.GetArgument<int?>("lateSyncMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : null));
    }
}
