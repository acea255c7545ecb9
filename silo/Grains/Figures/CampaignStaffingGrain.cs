using System.Collections.Immutable;
using Orleans.Concurrency;
using Volunteers.Campaigns;
using Volunteers.Storage;
using Volunteers.Tallies;

namespace Volunteers.Figures;

/// <summary>
/// Measures minutes per help from this campaign's records and those of earlier days of its wards, so an estimate
/// exists before the day and sharpens during it. A service's minutes per help is its minutes over its helps across
/// channels, which weighs each channel by how often it was used. Help minutes are time spent with citizens, not
/// walking between them, so the hours needed are a floor.
/// </summary>
[StatelessWorker]
public sealed class CampaignStaffingGrain(IHelpRecordStore records, TimeProvider time) : Grain, ICampaignStaffingGrain
{
    /// <summary>Vietnam keeps UTC+7 all year; a campaign's date and hours are local.</summary>
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    public async Task<CampaignStaffing> Estimate()
    {
        var campaign = await LevelFigures.CampaignAsync(GrainFactory, this.GetPrimaryKeyString());
        var targets = await GrainFactory.GetGrain<ICampaignGrain>(campaign.Id).GetTargets();
        var wards = campaign.WardIds.ToHashSet(StringComparer.Ordinal);
        var ids = await GrainFactory.GetGrain<ICampaignDirectoryGrain>(0).List();
        var measuredOn = (await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ICampaignGrain>(id).Get())))
            .OfType<CampaignInfo>()
            .Where(c => c.Id == campaign.Id || (c.Date <= campaign.Date && c.WardIds.Any(wards.Contains)))
            .Select(c => c.Id)
            .ToList();
        var groups = (await records.FigureGroupsAsync(measuredOn, wards)).Where(g => g.Live).ToList();
        var measured = groups.GroupBy(g => (g.Service, g.Channel))
            .Select(g => new MeasuredMinutes(g.Key.Service, g.Key.Channel, g.Sum(x => x.Count), g.Sum(x => x.Minutes)))
            .OrderBy(m => m.Service, StringComparer.Ordinal).ThenBy(m => m.Channel, StringComparer.Ordinal)
            .ToImmutableArray();
        var perService = measured.GroupBy(m => m.Service).ToDictionary(g => g.Key, g => (double)g.Sum(m => m.Minutes) / g.Sum(m => m.Helps), StringComparer.Ordinal);
        double? overall = measured.IsEmpty ? null : (double)measured.Sum(m => m.Minutes) / measured.Sum(m => m.Helps);

        var now = time.GetUtcNow();
        var starts = new DateTimeOffset(campaign.Date.ToDateTime(campaign.StartsAt), Vietnam);
        var ends = new DateTimeOffset(campaign.Date.ToDateTime(campaign.EndsAt), Vietnam);
        var dayStarted = campaign.Status != CampaignStatus.Planned && now >= starts;
        var hoursLeft = campaign.Status == CampaignStatus.Closed ? 0 : Math.Max(0, (ends - (dayStarted ? now : starts)).TotalHours);
        var served = await ServedHours.ReadAsync(GrainFactory, [campaign], wards, now);

        var wardStaffing = await Task.WhenAll(campaign.WardIds.Select(async wardId =>
        {
            var done = groups.Where(g => g.CampaignId == campaign.Id && g.WardId == wardId)
                .GroupBy(g => g.Service).ToDictionary(g => g.Key, g => g.Sum(x => x.Count), StringComparer.Ordinal);
            var wardTargets = targets.Where(t => t.WardId == wardId && t.Count > 0).ToList();
            var toGo = wardTargets.Select(t => (t.Service, Helps: Math.Max(0, t.Count - done.GetValueOrDefault(t.Service)))).ToList();
            double? needed = overall is null ? null
                : Math.Round(toGo.Sum(t => t.Helps * perService.GetValueOrDefault(t.Service, overall.Value)) / 60, 2);
            var roster = (await ServedHours.RosterAsync(GrainFactory, wardId)).Length;
            var onDuty = (await GrainFactory.GetGrain<ITallyGrain>(Ids.Scoped(campaign.Id, wardId)).Get()).OnDuty;
            // Before the day everyone on the roster may come; once it runs, only those checked in are working the hours left.
            var available = Math.Round((dayStarted ? onDuty : roster) * hoursLeft, 2);
            return new WardStaffing(wardId, wardTargets.Sum(t => t.Count), toGo.Sum(t => t.Helps), needed, roster, onDuty,
                Math.Round(served.Where(s => s.WardId == wardId).Sum(s => s.Hours), 2), available,
                needed is { } hours ? Math.Round(Math.Max(0, hours - available), 2) : null);
        }));
        return new CampaignStaffing(campaign.Id, now, dayStarted, Math.Round(hoursLeft, 2), measured, [.. wardStaffing]);
    }
}
