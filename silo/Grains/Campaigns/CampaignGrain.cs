using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Volunteers.Places;

namespace Volunteers.Campaigns;

[GenerateSerializer]
public sealed class CampaignState
{
    [Id(0)] public CampaignInfo? Campaign { get; set; }

    [Id(1)] public ImmutableArray<Target> Targets { get; set; } = [];
}

public sealed partial class CampaignGrain(
    [PersistentState("campaign", GrainStorage.Name)] IPersistentState<CampaignState> state,
    SiloCache cache,
    CampaignRules rules,
    TimeProvider time,
    ILogger<CampaignGrain> logger) : Grain, ICampaignGrain
{
    public const int MaxTarget = 10_000_000;

    private CampaignInfo Campaign => state.State.Campaign ?? throw DomainException.NotFound("campaignId", this.GetPrimaryKeyString());

    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2099, 12, 31);

    public async Task<CampaignInfo> Create(NewCampaign campaign)
    {
        if (state.State.Campaign is not null)
        {
            throw DomainException.Conflict("id", $"Campaign '{this.GetPrimaryKeyString()}' exists already.");
        }
        var name = Validate.Text(campaign.Name, "name", 200);
        // 0001-01-01 or 9999-12-31 is a typing slip that sorts, bounds and reports would carry forever.
        if (campaign.Date < EarliestDate || campaign.Date > LatestDate)
        {
            throw DomainException.Invalid("date", $"date {campaign.Date:yyyy-MM-dd} is outside {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}.");
        }
        if (campaign.EndsAt <= campaign.StartsAt)
        {
            throw DomainException.Invalid("endsAt", $"The day must end after it starts ({campaign.StartsAt:HH\\:mm}).");
        }
        var services = ValidateServices(campaign.Services ?? Catalogue.Default);
        if (campaign.WardIds.IsDefaultOrEmpty)
        {
            throw DomainException.Invalid("wardIds", "A campaign covers at least one ward.");
        }
        var wardIds = campaign.WardIds.Distinct(StringComparer.Ordinal).ToImmutableArray();
        var tree = await CoveredTree(wardIds);

        state.State.Campaign = new CampaignInfo(this.GetPrimaryKeyString(), name, campaign.Date, campaign.StartsAt, campaign.EndsAt,
            wardIds, services, CampaignStatus.Planned, null, null, campaign.IsPublic, tree);
        await state.WriteStateAsync();
        await GrainFactory.GetGrain<ICampaignDirectoryGrain>(0).Add(this.GetPrimaryKeyString());
        return state.State.Campaign;
    }

    /// <summary>A campaign closed before organisers chose the grace shows the deployment's, which is the one it follows.</summary>
    public Task<CampaignInfo?> Get() => Task.FromResult(state.State.Campaign is { Status: CampaignStatus.Closed, LateSyncGrace: null } closed
        ? closed with { LateSyncGrace = rules.LateSyncGrace }
        : state.State.Campaign);

    public async Task<ImmutableArray<Target>> SetTargets(ImmutableArray<Target> targets)
    {
        var campaign = Campaign;
        foreach (var target in targets)
        {
            if (!campaign.WardIds.Contains(target.WardId))
            {
                throw DomainException.Invalid("wardId", $"Ward '{target.WardId}' is not covered by campaign '{campaign.Name}'.");
            }
            if (!campaign.Services.Any(s => s.Code == target.Service))
            {
                throw DomainException.Invalid("service", $"'{target.Service}' is not in the campaign's service catalogue.");
            }
            if (target.Count is < 0 or > MaxTarget)
            {
                throw DomainException.Invalid("count", $"A target must be between 0 and {MaxTarget}; got {target.Count}.");
            }
        }
        var named = targets.Select(t => t.WardId).ToHashSet(StringComparer.Ordinal);
        state.State.Targets = state.State.Targets.Where(t => !named.Contains(t.WardId))
            .Concat(targets.Where(t => t.Count > 0).DistinctBy(t => (t.WardId, t.Service)))
            .OrderBy(t => t.WardId, StringComparer.Ordinal).ThenBy(t => t.Service, StringComparer.Ordinal)
            .ToImmutableArray();
        await state.WriteStateAsync();
        return state.State.Targets;
    }

    public Task<ImmutableArray<Target>> GetTargets()
    {
        _ = Campaign;
        return Task.FromResult(state.State.Targets);
    }

    public Task<CampaignInfo> Start() => Move(CampaignStatus.Planned, CampaignStatus.Running, null);

    public Task<CampaignInfo> Close(TimeSpan? lateSyncGrace)
    {
        if (lateSyncGrace is { } grace && (grace < TimeSpan.Zero || grace > CampaignRules.MaxLateSyncGrace))
        {
            throw DomainException.Invalid("lateSyncMinutes",
                $"lateSyncMinutes must be between 0 and {CampaignRules.MaxLateSyncGrace.TotalMinutes:0} (a week); got {grace.TotalMinutes:0}.");
        }
        return Move(CampaignStatus.Running, CampaignStatus.Closed, lateSyncGrace ?? rules.LateSyncGrace);
    }

    private async Task<CampaignInfo> Move(CampaignStatus from, CampaignStatus to, TimeSpan? lateSyncGrace)
    {
        var campaign = Campaign;
        if (campaign.Status != from)
        {
            throw DomainException.Conflict("status", $"Campaign '{campaign.Name}' is {campaign.Status}; only a {from} campaign can become {to}.");
        }
        var now = time.GetUtcNow();
        state.State.Campaign = to == CampaignStatus.Running
            ? campaign with { Status = to, StartedAt = now }
            : campaign with { Status = to, ClosedAt = now, LateSyncGrace = lateSyncGrace };
        await state.WriteStateAsync();
        cache.Invalidate(campaign.Id);
        LogMoved(logger, campaign.Id, to);
        return state.State.Campaign;
    }

    /// <summary>Each covered ward with its ancestors: the part of the unit tree the campaign rolls up through.</summary>
    private async Task<ImmutableDictionary<string, string?>> CoveredTree(ImmutableArray<string> wardIds)
    {
        var parents = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        foreach (var wardId in wardIds)
        {
            var unit = await GrainFactory.GetGrain<IUnitGrain>(wardId).Get() ?? throw DomainException.NotFound("wardIds", wardId);
            if (unit.Kind != UnitKind.Ward)
            {
                throw DomainException.Invalid("wardIds", $"'{unit.Name}' is a {unit.Kind}, not a ward or commune.");
            }
            while (unit is not null && !parents.ContainsKey(unit.Id))
            {
                parents[unit.Id] = unit.ParentId;
                unit = unit.ParentId is null ? null : await GrainFactory.GetGrain<IUnitGrain>(unit.ParentId).Get();
            }
        }
        return parents.ToImmutable();
    }

    private static ImmutableArray<Service> ValidateServices(ImmutableArray<Service> services)
    {
        if (services.IsDefaultOrEmpty)
        {
            throw DomainException.Invalid("services", "The service catalogue needs at least one service.");
        }
        foreach (var service in services)
        {
            if (!ServiceCode().IsMatch(service.Code ?? ""))
            {
                throw DomainException.Invalid("services", $"Service code '{service.Code}' must be 1-40 lower-case letters, digits or '-'.");
            }
            Validate.Text(service.Name, "services.name", 200);
        }
        var duplicate = services.GroupBy(s => s.Code, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? services.Select(s => s with { NameEn = string.IsNullOrWhiteSpace(s.NameEn) ? s.Name : s.NameEn }).ToImmutableArray()
            : throw DomainException.Invalid("services", $"Service code '{duplicate.Key}' appears twice.");
    }

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex ServiceCode();

    [LoggerMessage(LogLevel.Information, "Campaign {Campaign} is now {Status}")]
    private static partial void LogMoved(ILogger logger, string campaign, CampaignStatus status);
}

[GenerateSerializer]
public sealed class CampaignDirectoryState
{
    [Id(0)] public ImmutableArray<string> CampaignIds { get; set; } = [];
}

public sealed class CampaignDirectoryGrain(
    [PersistentState("campaign-directory", GrainStorage.Name)] IPersistentState<CampaignDirectoryState> state) : Grain, ICampaignDirectoryGrain
{
    public async Task Add(string campaignId)
    {
        if (!state.State.CampaignIds.Contains(campaignId))
        {
            state.State.CampaignIds = state.State.CampaignIds.Add(campaignId);
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> List() => Task.FromResult(state.State.CampaignIds);
}
