using System.Collections.Immutable;
using Orleans.Concurrency;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Storage;

namespace Volunteers.Figures;

/// <summary>
/// A period is the campaign days dated in it (a campaign's date is already Vietnam's local day), so it adds up
/// whole days: a late record counts with the day it was made for, and a period's figures are the sum of its
/// days' closed figures. Hours are the volunteers' shifts, counted as their certificates count them.
/// </summary>
[StatelessWorker]
public sealed class PeriodFiguresGrain(IHelpRecordStore records, TimeProvider time) : Grain, IPeriodFiguresGrain
{
    public async Task<PeriodFigures> Figures(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            throw DomainException.Invalid("to", $"to ({to:yyyy-MM-dd}) is before from ({from:yyyy-MM-dd}).");
        }
        if (to.DayNumber - from.DayNumber >= PeriodFigures.MaxDays)
        {
            throw DomainException.Invalid("to", $"A period spans at most {PeriodFigures.MaxDays} days.");
        }
        var unitId = this.GetPrimaryKeyString();
        var unit = await GrainFactory.GetGrain<IUnitGrain>(unitId).Get() ?? throw DomainException.NotFound("unitId", unitId);
        var ids = await GrainFactory.GetGrain<ICampaignDirectoryGrain>(0).List();
        var campaigns = (await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<ICampaignGrain>(id).Get())))
            .OfType<CampaignInfo>()
            .Where(c => c.Date >= from && c.Date <= to && c.Covers(unitId))
            .OrderBy(c => c.Date).ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();

        // Units never move, so a ward sits under the same child of the unit in every campaign that covers both.
        var childOfWard = new Dictionary<string, string>(StringComparer.Ordinal);
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var campaign in campaigns)
        {
            List<string> direct = unit.Kind == UnitKind.Ward ? [unitId] : [.. campaign.TreeChildren(unitId)];
            foreach (var child in direct)
            {
                children.Add(child);
                foreach (var ward in campaign.WardsUnder(child))
                {
                    childOfWard[ward] = child;
                }
            }
        }

        var groups = await records.FigureGroupsAsync([.. campaigns.Select(c => c.Id)], childOfWard.Keys);
        var figures = children.ToDictionary(c => c, _ => new HelpFigures.Adder(), StringComparer.Ordinal);
        foreach (var group in groups.Where(g => g.Live))
        {
            figures[childOfWard[group.WardId]].Add(group.Service, group.Procedure, group.Channel, group.Outcome, group.Count, group.Minutes);
        }

        var hours = await ServedHours.ReadAsync(GrainFactory, campaigns, childOfWard.Keys.ToHashSet(StringComparer.Ordinal), time.GetUtcNow());
        var units = children.Select(child =>
        {
            var served = hours.Where(h => childOfWard[h.WardId] == child).ToList();
            return new UnitPeriod(child, figures[child].ToFigures(), Math.Round(served.Sum(h => h.Hours), 2),
                served.Select(h => h.VolunteerId).Distinct(StringComparer.Ordinal).Count());
        }).ToImmutableArray();
        var total = new UnitPeriod(unitId, HelpFigures.Sum(units.Select(u => u.Figures)), Math.Round(hours.Sum(h => h.Hours), 2),
            hours.Select(h => h.VolunteerId).Distinct(StringComparer.Ordinal).Count());
        return new PeriodFigures(unitId, from, to, [.. campaigns.Select(c => c.Id)], total, units);
    }
}
