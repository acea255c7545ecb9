using GraphQL;
using Volunteers.Api.Access;
using Volunteers.Api.Counting;
using Volunteers.Campaigns;
using Volunteers.Places;

namespace Volunteers.Api.GraphQL;

internal static class ResolveContextExtensions
{
    public static IGrainFactory Grains(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<IGrainFactory>();

    /// <summary>The request's caller and where they stand, shared by every field of the request.</summary>
    public static RequestAccess Access(this IResolveFieldContext context) => RequestAccess.Of(context);

    public static CountsReader Counts(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<CountsReader>();

    /// <summary>The campaign an argument names; a malformed or unknown id is refused, naming campaignId.</summary>
    public static Task<CampaignInfo> Campaign(this IResolveFieldContext context, string? campaignId) =>
        context.Grains().Campaign(campaignId);

    /// <summary>The unit an argument names; a malformed or unknown id is refused, naming <paramref name="field"/>.</summary>
    public static async Task<UnitInfo> Unit(this IResolveFieldContext context, string? id, string field)
    {
        var unitId = Ids.Require(id, field, Ids.Unit);
        return await context.Grains().GetGrain<IUnitGrain>(unitId).Get().Existing(field, unitId);
    }

    /// <summary>Loads an entity a field points at; a dangling reference would be a bug, so it is reported as one.</summary>
    public static async Task<T> Existing<T>(this Task<T?> lookup, string field, string id) where T : class =>
        await lookup ?? throw DomainException.NotFound(field, id);
}
