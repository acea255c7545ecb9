using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Tests.Places;

/// <summary>The batch links an import uses: a parent or roster written once per file, and safe to send again.</summary>
[Collection(SqliteCluster.Name)]
public sealed class BatchLinkTests(ClusterFixture fixture)
{
    private readonly IGrainFactory _grains = fixture.Grains;

    [Fact]
    public async Task A_unit_created_unlinked_is_listed_by_add_children_once_however_often_it_is_sent()
    {
        var province = await Unit(new NewUnit("Tỉnh Lô", UnitKind.Province, null, null));
        var first = await Unit(new NewUnit("Huyện Một", UnitKind.District, null, province.Id), linked: false);
        var second = await Unit(new NewUnit("Huyện Hai", UnitKind.District, null, province.Id), linked: false);
        var parent = _grains.GetGrain<IUnitGrain>(province.Id);

        Assert.Empty((await parent.Get())!.ChildIds);
        await parent.AddChildren([first.Id, second.Id, first.Id]);
        await parent.AddChildren([second.Id, first.Id]);

        Assert.Equal([first.Id, second.Id], (await parent.Get())!.ChildIds.ToArray());
        Assert.Equal(province.Id, (await _grains.GetGrain<IUnitGrain>(first.Id).Get())!.ParentId);
    }

    [Fact]
    public async Task A_batch_that_would_pass_the_team_size_is_refused_whole_naming_the_team()
    {
        var team = await Team();
        var full = Enumerable.Range(0, TeamInfo.MaxMembers).Select(_ => Ids.New(Ids.Volunteer)).ToArray();

        var refused = await Assert.ThrowsAsync<DomainException>(() => team.AddVolunteers([.. full, Ids.New(Ids.Volunteer)]));
        Assert.Equal("teamId", refused.Field);
        Assert.Empty((await team.Get())!.VolunteerIds);

        await team.AddVolunteers([.. full]);
        await team.AddVolunteers([.. full]);
        Assert.Equal(full, (await team.Get())!.VolunteerIds.ToArray());
        Assert.Equal("teamId", (await Assert.ThrowsAsync<DomainException>(() => team.AddVolunteer(Ids.New(Ids.Volunteer)))).Field);
    }

    [Fact]
    public async Task A_listed_volunteer_is_created_and_one_the_roster_does_not_list_is_refused()
    {
        var team = await Team();
        var listed = Ids.New(Ids.Volunteer);
        var unlisted = Ids.New(Ids.Volunteer);
        var teamId = (await team.Get())!.Id;
        await team.AddVolunteers([listed]);

        var created = await _grains.GetGrain<IVolunteerGrain>(listed).CreateListed(new NewVolunteer("Lê Văn Một", "0912000001", null, teamId));
        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            _grains.GetGrain<IVolunteerGrain>(unlisted).CreateListed(new NewVolunteer("Lê Văn Hai", "0912000002", null, teamId)));

        Assert.Equal(listed, created.Id);
        Assert.Equal("teamId", refused.Field);
        Assert.Null(await _grains.GetGrain<IVolunteerGrain>(unlisted).Get());
        Assert.Equal([listed], (await team.Get())!.VolunteerIds.ToArray());
    }

    private Task<UnitInfo> Unit(NewUnit unit, bool linked = true)
    {
        var grain = _grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit));
        return linked ? grain.Create(unit) : grain.CreateUnlinked(unit);
    }

    private async Task<ITeamGrain> Team()
    {
        var province = await Unit(new NewUnit("Tỉnh Tổ", UnitKind.Province, null, null));
        var ward = await Unit(new NewUnit("Xã Tổ", UnitKind.Ward, null, province.Id));
        var team = _grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team));
        await team.Create("Tổ CNSCĐ", ward.Id);
        return team;
    }
}
