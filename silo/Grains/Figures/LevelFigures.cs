using Volunteers.Campaigns;
using Volunteers.Storage;

namespace Volunteers.Figures;

/// <summary>A level's live figures and its count of changes (stored plus voided records), read together.</summary>
internal sealed record LevelNow(HelpFigures Figures, long Changes);

/// <summary>The figures of the levels of a campaign's tree, from one read of the stored records of the wards below.</summary>
internal static class LevelFigures
{
    /// <summary>Every level at or below <paramref name="unitId"/>: the wards from their records, a unit above as the sum of its wards'.</summary>
    public static async Task<Dictionary<string, LevelNow>> ReadAsync(IHelpRecordStore records, CampaignInfo campaign, string unitId)
    {
        var wards = campaign.WardsUnder(unitId).ToList();
        var groups = await records.FigureGroupsAsync([campaign.Id], wards);
        var levels = new Dictionary<string, LevelNow>(StringComparer.Ordinal);
        foreach (var level in LevelsUnder(campaign, unitId))
        {
            var under = campaign.WardsUnder(level).ToHashSet(StringComparer.Ordinal);
            var figures = new HelpFigures.Adder();
            long changes = 0;
            foreach (var group in groups.Where(g => under.Contains(g.WardId)))
            {
                // A stored record changed the level once, a voided one once more.
                changes += group.Live ? group.Count : 2L * group.Count;
                if (group.Live)
                {
                    figures.Add(group.Service, group.Procedure, group.Channel, group.Outcome, group.Count, group.Minutes);
                }
            }
            levels[level] = new LevelNow(figures.ToFigures(), changes);
        }
        return levels;
    }

    /// <summary>The unit and every unit of the campaign's tree below it, parents before children.</summary>
    public static IEnumerable<string> LevelsUnder(CampaignInfo campaign, string unitId)
    {
        yield return unitId;
        foreach (var child in campaign.TreeChildren(unitId))
        {
            foreach (var level in LevelsUnder(campaign, child))
            {
                yield return level;
            }
        }
    }

    public static ClosingStatus StatusOf(ClosedFigures? closed, LevelNow now) =>
        closed is null ? ClosingStatus.Open : closed.Changes == now.Changes ? ClosingStatus.Closed : ClosingStatus.Amended;

    public static async Task<CampaignInfo> CampaignAsync(IGrainFactory grains, string campaignId) =>
        await grains.GetGrain<ICampaignGrain>(campaignId).Get() ?? throw DomainException.NotFound("campaignId", campaignId);
}
