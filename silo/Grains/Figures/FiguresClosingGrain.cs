using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Storage;

namespace Volunteers.Figures;

[GenerateSerializer]
public sealed class FiguresClosingState
{
    [Id(0)] public ClosedFigures? Closed { get; set; }
}

/// <summary>
/// One level's closing. Whether it still holds is not stored but seen: the snapshot keeps the count of
/// changes below it, and any void or record since makes the count differ, so the level reads as amended,
/// and so does every level above it, whose count includes the same records.
/// </summary>
public sealed class FiguresClosingGrain(
    [PersistentState("figuresClosing", GrainStorage.Name)] IPersistentState<FiguresClosingState> state,
    IHelpRecordStore records,
    TimeProvider time,
    ILogger<FiguresClosingGrain> logger) : Grain, IFiguresClosingGrain
{
    public Task<ClosedFigures?> Snapshot() => Task.FromResult(state.State.Closed);

    public async Task<LevelClosing> Close(string actor)
    {
        var (campaignId, unitId) = Ids.SplitScoped(this.GetPrimaryKeyString());
        var campaign = await LevelFigures.CampaignAsync(GrainFactory, campaignId);
        if (!campaign.Covers(unitId))
        {
            throw DomainException.Invalid("unitId", $"Campaign '{campaign.Name}' does not cover unit '{unitId}'.");
        }
        if (campaign.Status == CampaignStatus.Planned)
        {
            throw DomainException.Conflict("campaignId", $"Campaign '{campaign.Name}' has not started: there are no figures to close.");
        }
        // One read for the level and its children, so the sum checked below and the counts kept agree.
        var levels = await LevelFigures.ReadAsync(records, campaign, unitId);
        var now = levels[unitId];
        var children = campaign.TreeChildren(unitId).ToList();
        var closedChildren = new List<HelpFigures>();
        foreach (var child in children)
        {
            var closed = await GrainFactory.GetGrain<IFiguresClosingGrain>(Ids.Scoped(campaignId, child)).Snapshot();
            var status = LevelFigures.StatusOf(closed, levels[child]);
            if (status != ClosingStatus.Closed)
            {
                var name = (await GrainFactory.GetGrain<IUnitGrain>(child).Get())?.Name ?? child;
                throw new DomainException(status == ClosingStatus.Open ? "CHILD_OPEN" : "CHILD_AMENDED", "unitId", status == ClosingStatus.Open
                    ? $"'{name}' ({child}) has not closed its figures: close it first."
                    : $"'{name}' ({child}) was amended after it closed: close it again first.");
            }
            closedChildren.Add(closed!.Figures);
        }
        if (children.Count > 0 && !HelpFigures.Sum(closedChildren).SameAs(now.Figures))
        {
            // The children's counts equal the records, so this means a level's snapshot was made from other records.
            throw DomainException.Conflict("unitId", $"The closed figures below '{unitId}' do not add up to its records; close its children again.");
        }

        state.State.Closed = new ClosedFigures(actor, time.GetUtcNow(), now.Figures, now.Changes, now.Figures.Checksum());
        await state.WriteStateAsync();
        logger.LogInformation("{Actor} closed the figures of {Unit} in {Campaign}: {Helps} helps", actor, unitId, campaignId, now.Figures.Helps);
        return new LevelClosing(campaignId, unitId, campaign.TreeParents.GetValueOrDefault(unitId), ClosingStatus.Closed, state.State.Closed, now.Figures);
    }
}

/// <summary>Stateless: reads the records once and asks each level's grain for its snapshot.</summary>
[Orleans.Concurrency.StatelessWorker]
public sealed class CampaignClosingsGrain(IHelpRecordStore records) : Grain, ICampaignClosingsGrain
{
    public async Task<ImmutableArray<LevelClosing>> Levels(string unitId)
    {
        var campaign = await LevelFigures.CampaignAsync(GrainFactory, this.GetPrimaryKeyString());
        if (!campaign.Covers(unitId))
        {
            throw DomainException.Invalid("unitId", $"Campaign '{campaign.Name}' does not cover unit '{unitId}'.");
        }
        var levels = await LevelFigures.ReadAsync(records, campaign, unitId);
        return [.. await Task.WhenAll(LevelFigures.LevelsUnder(campaign, unitId).Select(async level =>
        {
            var closed = await GrainFactory.GetGrain<IFiguresClosingGrain>(Ids.Scoped(campaign.Id, level)).Snapshot();
            return new LevelClosing(campaign.Id, level, campaign.TreeParents.GetValueOrDefault(level), LevelFigures.StatusOf(closed, levels[level]), closed, levels[level].Figures);
        }))];
    }
}
