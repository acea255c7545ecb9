using Orleans.Concurrency;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Demo;

/// <summary>Whether this install has the demo, decided where its store is known.</summary>
public sealed record DemoSettings(bool IsOn);

/// <summary>Stateless: finds the demo's cast in the units and teams <see cref="DemoDistrict"/> loaded.</summary>
[StatelessWorker]
public sealed class DemoGrain(DemoSettings settings) : Grain, IDemoGrain
{
    public async Task<DemoCast?> Cast()
    {
        if (!settings.IsOn || await GrainFactory.GetGrain<IUnitDirectoryGrain>(0).FindByCode(DemoDistrict.DistrictCode) is not { } districtId)
        {
            return null;
        }
        var district = (await GrainFactory.GetGrain<IUnitGrain>(districtId).Get())!;
        var wards = await Task.WhenAll(district.ChildIds.Select(id => GrainFactory.GetGrain<IUnitGrain>(id).Get()));
        if (wards.FirstOrDefault(w => w!.Name.EndsWith(DemoDistrict.PilotCommune, StringComparison.Ordinal)) is not { TeamIds: [var teamId, ..] } ward)
        {
            return null;
        }
        var team = (await GrainFactory.GetGrain<ITeamGrain>(teamId).Get())!;
        var volunteer = (await GrainFactory.GetGrain<IVolunteerGrain>(team.VolunteerIds[0]).Get())!;
        return new DemoCast(district, ward, team, volunteer);
    }
}
