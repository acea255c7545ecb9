using System.Collections.Immutable;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;
using Volunteers.Tallies;
using Volunteers.Volunteering;

namespace Volunteers.Tests;

/// <summary>
/// A small province for a test: two districts of two wards each, every ward with a desk, a
/// neighbourhood and teams of volunteers assigned to both places, in a running campaign.
/// </summary>
public sealed class CampaignScenario
{
    private readonly IGrainFactory _grains;

    private CampaignScenario(IGrainFactory grains) => _grains = grains;

    public string CampaignId { get; private set; } = "";

    public string ProvinceId { get; private set; } = "";

    public List<string> DistrictIds { get; } = [];

    public List<Ward> Wards { get; } = [];

    public IEnumerable<Team> Teams => Wards.SelectMany(w => w.Teams);

    public IEnumerable<string> VolunteerIds => Teams.SelectMany(t => t.VolunteerIds);

    public static async Task<CampaignScenario> Create(IGrainFactory grains, int teamsPerWard = 1, int volunteersPerTeam = 3, bool start = true)
    {
        var scenario = new CampaignScenario(grains);
        await scenario.Build(teamsPerWard, volunteersPerTeam, start);
        return scenario;
    }

    public IVolunteerDayGrain Day(string volunteerId) => DayIn(CampaignId, volunteerId);

    public IVolunteerDayGrain DayIn(string campaignId, string volunteerId) => _grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, volunteerId));

    public ITallyGrain Level(string scopeId) => _grains.GetGrain<ITallyGrain>(Ids.Scoped(CampaignId, scopeId));

    public ICampaignGrain Campaign => _grains.GetGrain<ICampaignGrain>(CampaignId);

    public Team TeamOf(string volunteerId) => Teams.Single(t => t.VolunteerIds.Contains(volunteerId));

    /// <summary>Checks every volunteer in at their team's desk.</summary>
    public async Task CheckEveryoneIn()
    {
        foreach (var team in Teams)
        {
            foreach (var volunteerId in team.VolunteerIds)
            {
                await Day(volunteerId).CheckIn(team.Ward.DeskId);
            }
        }
    }

    public Task<Reconciliation> Reconcile() => _grains.GetGrain<IReconciliationGrain>(CampaignId).Reconcile();

    /// <summary>Roll-ups are coalesced, so a level catches up within moments; this waits until every level agrees.</summary>
    public async Task<Reconciliation> ReconcileWhenSettled(TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var reconciliation = await Reconcile();
            if (reconciliation.Exact || DateTime.UtcNow > deadline)
            {
                return reconciliation;
            }
            await Task.Delay(50);
        }
    }

    public static HelpEntry Help(string recordId, string service = "account", int minutes = 10, Channel channel = Channel.DoorToDoor) =>
        new(recordId, service, service == Catalogue.OnlineApplication ? Procedure.BirthRegistration : null, channel, Outcome.Done, minutes, null, null);

    private async Task Build(int teamsPerWard, int volunteersPerTeam, bool start)
    {
        ProvinceId = (await NewUnit("Tỉnh Thử", UnitKind.Province, null)).Id;
        for (var d = 0; d < 2; d++)
        {
            var district = await NewUnit($"Huyện {d}", UnitKind.District, ProvinceId);
            DistrictIds.Add(district.Id);
            for (var w = 0; w < 2; w++)
            {
                var ward = await NewUnit($"Xã {d}-{w}", UnitKind.Ward, district.Id);
                var desk = await NewUnit($"Một cửa {d}-{w}", UnitKind.Desk, ward.Id);
                var neighbourhood = await NewUnit($"Thôn {d}-{w}", UnitKind.Neighbourhood, ward.Id);
                var teams = new List<Team>();
                var entry = new Ward(ward.Id, district.Id, desk.Id, neighbourhood.Id, teams, ward.Name);
                for (var t = 0; t < teamsPerWard; t++)
                {
                    var team = await _grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create($"Tổ {d}-{w}-{t}", ward.Id);
                    var volunteers = new List<string>();
                    for (var v = 0; v < volunteersPerTeam; v++)
                    {
                        var volunteer = await _grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer))
                            .Create(new NewVolunteer($"TNV {d}{w}{t}{v}", $"09{d}{w}{t:D2}{v:D4}", null, team.Id));
                        volunteers.Add(volunteer.Id);
                    }
                    teams.Add(new Team(team.Id, entry, volunteers));
                }
                Wards.Add(entry);
            }
        }
        CampaignId = await AddCampaign(new DateOnly(2026, 8, 27), start);
    }

    /// <summary>Another campaign day over the same wards (or some of them), every team assigned its ward's places.</summary>
    public async Task<string> AddCampaign(DateOnly date, bool start = true, IEnumerable<Ward>? wards = null)
    {
        var covered = (wards ?? Wards).ToList();
        var campaignId = Ids.New(Ids.Campaign);
        var campaign = _grains.GetGrain<ICampaignGrain>(campaignId);
        await campaign.Create(new NewCampaign("Ngày thử", date, new TimeOnly(7, 30), new TimeOnly(17, 0), [.. covered.Select(w => w.Id)], null, false));
        foreach (var team in covered.SelectMany(w => w.Teams))
        {
            var assignments = _grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaignId, team.Ward.Id));
            await assignments.Assign(team.Ward.DeskId, team.Id);
            await assignments.Assign(team.Ward.NeighbourhoodId, team.Id);
        }
        if (start)
        {
            await campaign.Start();
        }
        return campaignId;
    }

    private Task<UnitInfo> NewUnit(string name, UnitKind kind, string? parentId) =>
        _grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit(name, kind, null, parentId));

    public sealed record Ward(string Id, string DistrictId, string DeskId, string NeighbourhoodId, List<Team> Teams, string Name = "");

    public sealed record Team(string Id, Ward Ward, List<string> VolunteerIds);
}
