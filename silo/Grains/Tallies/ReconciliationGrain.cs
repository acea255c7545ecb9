using System.Collections.Immutable;
using Orleans.Concurrency;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Storage;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Tallies;

/// <summary>
/// Keyed by campaign id. Stateless: any silo can run it, and it reads the live levels, never
/// settling them first, so it shows what dashboards show at this moment.
/// </summary>
[StatelessWorker]
public sealed class ReconciliationGrain(IHelpRecordStore records, TimeProvider time) : Grain, IReconciliationGrain
{
    public async Task<Reconciliation> Reconcile()
    {
        var campaignId = this.GetPrimaryKeyString();
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(campaignId).Get() ?? throw DomainException.NotFound("campaignId", campaignId);
        var at = time.GetUtcNow();
        var groups = await records.GroupsAsync(campaignId);
        var byTeam = groups.ToLookup(g => g.TeamId, StringComparer.Ordinal);
        var byVolunteer = groups.ToLookup(g => g.VolunteerId, StringComparer.Ordinal);
        var mismatches = ImmutableArray.CreateBuilder<Mismatch>();
        var levels = 0;

        async Task Check(string scopeId, IEnumerable<RecordGroup> below, Task<Tally> held)
        {
            levels++;
            var expected = HelpCounter.Of(below).ToTally();
            var actual = await held;
            if (!expected.SameFigures(actual))
            {
                mismatches.Add(new Mismatch(scopeId, expected.Helps, actual.Helps, expected.Minutes, actual.Minutes));
            }
        }

        ITallyGrain Level(string scopeId) => GrainFactory.GetGrain<ITallyGrain>(Ids.Scoped(campaignId, scopeId));

        await Check(campaignId, groups, Level(campaignId).Get());
        foreach (var unitId in campaign.TreeParents.Keys.Order(StringComparer.Ordinal))
        {
            var wards = campaign.WardsUnder(unitId).ToHashSet(StringComparer.Ordinal);
            await Check(unitId, groups.Where(g => wards.Contains(g.WardId)), Level(unitId).Get());
        }
        foreach (var wardId in campaign.WardIds)
        {
            foreach (var teamId in (await GrainFactory.GetGrain<IUnitGrain>(wardId).Get())?.TeamIds ?? [])
            {
                await Check(teamId, byTeam[teamId], Level(teamId).Get());
                foreach (var volunteerId in (await GrainFactory.GetGrain<ITeamGrain>(teamId).Get())?.VolunteerIds ?? [])
                {
                    await Check(volunteerId, byVolunteer[volunteerId],
                        GrainFactory.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, volunteerId)).GetTally());
                }
            }
        }
        return new Reconciliation(campaignId, groups.Sum(g => g.Count), levels, mismatches.ToImmutable(), at);
    }
}
