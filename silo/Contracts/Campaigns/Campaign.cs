using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Volunteers.Campaigns;

public enum CampaignStatus
{
    Planned,
    Running,
    Closed,
}

[GenerateSerializer, Immutable]
public sealed record NewCampaign(
    [property: Id(0)] string Name,
    [property: Id(1)] DateOnly Date,
    [property: Id(2)] TimeOnly StartsAt,
    [property: Id(3)] TimeOnly EndsAt,
    [property: Id(4)] ImmutableArray<string> WardIds,
    [property: Id(5)] ImmutableArray<Service>? Services,
    [property: Id(6)] bool IsPublic);

/// <summary>
/// A campaign and the part of the unit tree it covers. The tree is fixed when the campaign is
/// created, so every roll-up level knows its parent and children without asking the unit grains.
/// </summary>
/// <param name="LateSyncGrace">
/// Set at the close: how long phones that were offline may still deliver records made before it.
/// Null on a campaign closed before the organiser could choose, which keeps the deployment's default.
/// </param>
[GenerateSerializer, Immutable]
public sealed record CampaignInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] DateOnly Date,
    [property: Id(3)] TimeOnly StartsAt,
    [property: Id(4)] TimeOnly EndsAt,
    [property: Id(5)] ImmutableArray<string> WardIds,
    [property: Id(6)] ImmutableArray<Service> Services,
    [property: Id(7)] CampaignStatus Status,
    [property: Id(8)] DateTimeOffset? StartedAt,
    [property: Id(9)] DateTimeOffset? ClosedAt,
    [property: Id(10)] bool IsPublic,
    [property: Id(11)] ImmutableDictionary<string, string?> TreeParents,
    [property: Id(12)] TimeSpan? LateSyncGrace = null)
{
    /// <summary>Until when a closed campaign takes late syncs; the figures are final from then on. Not stored: it follows from the close.</summary>
    [JsonIgnore]
    public DateTimeOffset? LateSyncUntil => ClosedAt + LateSyncGrace;

    /// <summary>The units directly under <paramref name="unitId"/> in this campaign; null asks for the top.</summary>
    public IEnumerable<string> TreeChildren(string? unitId) =>
        TreeParents.Where(p => p.Value == unitId).Select(p => p.Key).Order(StringComparer.Ordinal);

    public bool Covers(string unitId) => TreeParents.ContainsKey(unitId);

    /// <summary>The covered wards at or below a unit of the campaign tree.</summary>
    public IEnumerable<string> WardsUnder(string unitId) =>
        WardIds.Where(w => w == unitId || AncestorsOf(w).Contains(unitId));

    public IEnumerable<string> AncestorsOf(string unitId)
    {
        for (var parent = TreeParents.GetValueOrDefault(unitId); parent is not null; parent = TreeParents.GetValueOrDefault(parent))
        {
            yield return parent;
        }
    }
}

[GenerateSerializer, Immutable]
public sealed record Target(
    [property: Id(0)] string WardId,
    [property: Id(1)] string Service,
    [property: Id(2)] int Count);

public interface ICampaignGrain : IGrainWithStringKey
{
    Task<CampaignInfo> Create(NewCampaign campaign);

    Task<CampaignInfo?> Get();

    /// <summary>Replaces the targets of the wards named in <paramref name="targets"/>.</summary>
    Task<ImmutableArray<Target>> SetTargets(ImmutableArray<Target> targets);

    Task<ImmutableArray<Target>> GetTargets();

    Task<CampaignInfo> Start();

    /// <param name="lateSyncGrace">How long late phones may still sync; null takes the deployment's default.</param>
    Task<CampaignInfo> Close(TimeSpan? lateSyncGrace);
}

public interface ICampaignDirectoryGrain : IGrainWithIntegerKey
{
    Task Add(string campaignId);

    Task<ImmutableArray<string>> List();
}
