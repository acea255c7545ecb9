using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Tests.Volunteering;

public sealed class VolunteerTests(ClusterFixture fixture) : IClassFixture<ClusterFixture>
{
    [Fact]
    public async Task A_volunteer_just_joined_goes_a_moment_after_and_reads_back_as_stored()
    {
        var province = await NewUnit("Thành phố Hà Nội", UnitKind.Province, null);
        var district = await NewUnit("Quận Thanh Xuân", UnitKind.District, province.Id);
        var ward = await NewUnit("Phường Hạ Đình", UnitKind.Ward, district.Id);
        var team = await fixture.Grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create("Tổ 1", ward.Id);
        var volunteer = fixture.Grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer));
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);

        var joined = await volunteer.Create(new NewVolunteer("Nguyễn Thị Hoa", "0912345678", "Chi đoàn 3", team.Id));
        // Not collected: it goes of itself, well within the idle minutes Orleans' collector would wait.
        await Eventually.Holds(async () => await management.GetGrainActivationCount((GrainReference)volunteer) == 0);

        Assert.Equal(joined, await volunteer.Get());
        Assert.Contains(joined.Id, (await fixture.Grains.GetGrain<ITeamGrain>(team.Id).Get())!.VolunteerIds);
    }

    private Task<UnitInfo> NewUnit(string name, UnitKind kind, string? parentId) =>
        fixture.Grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit(name, kind, null, parentId));
}
