using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Tests.Volunteering;

public sealed class VolunteerTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_volunteer_just_created_stays_while_read_back_then_goes_as_one_never_read_does()
    {
        var province = await NewUnit("Thành phố Hà Nội", UnitKind.Province, null);
        var district = await NewUnit("Quận Thanh Xuân", UnitKind.District, province.Id);
        var ward = await NewUnit("Phường Hạ Đình", UnitKind.Ward, district.Id);
        var team = await fixture.Grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create("Tổ 1", ward.Id);
        var volunteer = fixture.Grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer));
        var imported = fixture.Grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer));
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);

        var joined = await volunteer.Create(new NewVolunteer("Nguyễn Thị Hoa", "0912345678", "Chi đoàn 3", team.Id));
        await imported.Create(new NewVolunteer("Trần Văn Nam", "0987654321", null, team.Id));
        // The app's first screens read the volunteer back a round trip or two apart, past JustCreatedFor in all.
        var stillThere = new List<int>();
        for (var read = 0; read < 4; read++)
        {
            await Task.Delay(VolunteerGrain.JustCreatedFor * 0.4);
            stillThere.Add(await management.GetGrainActivationCount((GrainReference)volunteer));
            Assert.Equal(joined, await volunteer.Get());
        }
        // Then it goes of itself, and one never read back goes too, well within the idle minutes Orleans' collector
        // would wait.
        await Eventually.Holds(async () => await management.GetGrainActivationCount((GrainReference)volunteer) == 0
            && await management.GetGrainActivationCount((GrainReference)imported) == 0);

        Assert.Equal([1, 1, 1, 1], stillThere);
        Assert.Equal(joined, await volunteer.Get());
        Assert.Contains(joined.Id, (await fixture.Grains.GetGrain<ITeamGrain>(team.Id).Get())!.VolunteerIds);
    }

    private Task<UnitInfo> NewUnit(string name, UnitKind kind, string? parentId) =>
        fixture.Grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit(name, kind, null, parentId));
}
