using System.Text.Json.Nodes;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Figures;

/// <summary>Periods, closings and staffing over GraphQL, as each role reaches them.</summary>
public sealed class FiguresApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string Close = "mutation($c: ID!, $u: ID!) { closeFigures(campaignId: $c, unitId: $u) { unitId status closed { closedBy checksum figures { helps } } } }";
    private const string Levels = "query($c: ID!, $u: ID!) { figuresClosings(campaignId: $c, unitId: $u) { unitId parentId status current { helps } closed { figures { helps } } } }";
    private const string Period = """
        query($u: ID!, $from: DateOnly!, $to: DateOnly!) {
          periodCounts(unitId: $u, from: $from, to: $to) {
            campaignIds total { volunteerHours volunteers figures { helps minutes byService { key count } byProcedure { key count } byOutcome { key count } } }
            units { unitId unit { name } figures { helps } }
          }
        }
        """;

    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task An_official_closes_their_ward_the_organiser_closes_upwards_and_a_void_after_closing_reads_amended()
    {
        var world = await World.Create(_api);
        await Helps(world, 0, 3);
        await Helps(world, 1, 2);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var otherOfficial = await World.Staff(_api, "OFFICIAL", world.WardIds[1]);
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);
        var volunteer = world.Volunteer(_api, world.VolunteerIds[0][0]);
        var ward0 = new { c = world.CampaignId, u = world.WardIds[0] };

        // Only those who administer the level close it: never another ward's official, a leader or a volunteer.
        foreach (var refused in new[] { otherOfficial, leader, volunteer })
        {
            var error = await refused.Error(Close, ward0);
            Assert.Equal(("FORBIDDEN", "Mutation.closeFigures"), (error.Code, error.Field));
        }
        var closed = (await official.Data(Close, ward0))["closeFigures"]!;
        Assert.Equal("CLOSED", (string)closed["status"]!);
        Assert.Equal(3, (int)closed["closed"]!["figures"]!["helps"]!);
        Assert.Matches("^[0-9a-f]{64}$", (string)closed["closed"]!["checksum"]!);

        // The district's report says which of its levels are closed, citing the checksum, and which are open.
        var csv = Reports.Csv.Parse((string)(await _api.Data("query($c: ID!, $s: ID) { report(campaignId: $c, scopeId: $s) { csv } }",
            new { c = world.CampaignId, s = world.DistrictId }))["report"]!["csv"]!);
        var (header, lines, total) = csv.Table("Đơn vị");
        var closing = Array.IndexOf(header, "Chốt số liệu");
        Assert.Equal($"Đã chốt {((string)closed["closed"]!["checksum"]!)[..12]}", lines.Single(l => l[0] == "Xã Cự Khê")[closing]);
        Assert.Equal("Chưa chốt", lines.Single(l => l[0] == "Xã Bích Hòa")[closing]);
        Assert.Equal("Chưa chốt", total[closing]);

        var open = await _api.Error(Close, new { c = world.CampaignId, u = world.DistrictId });
        Assert.Equal(("CHILD_OPEN", "unitId"), (open.Code, open.Field));
        Assert.Contains("Xã Bích Hòa", open.Message);
        await otherOfficial.Data(Close, new { c = world.CampaignId, u = world.WardIds[1] });
        await _api.Data(Close, new { c = world.CampaignId, u = world.DistrictId });
        var province = (await _api.Data(Close, new { c = world.CampaignId, u = world.ProvinceId }))["closeFigures"]!;
        Assert.Equal(5, (int)province["closed"]!["figures"]!["helps"]!);

        await official.Data("mutation($c: ID!, $v: ID!, $r: ID!) { voidHelp(campaignId: $c, volunteerId: $v, recordId: $r, reason: \"Nhập trùng\") { recordId } }",
            new { c = world.CampaignId, v = world.VolunteerIds[0][0], r = "w0-0" });
        var levels = (await _api.Data(Levels, new { c = world.CampaignId, u = world.ProvinceId }))["figuresClosings"]!.AsArray().ToDictionary(l => (string)l!["unitId"]!);
        Assert.Equal("AMENDED", (string)levels[world.WardIds[0]]!["status"]!);
        Assert.Equal("AMENDED", (string)levels[world.DistrictId]!["status"]!);
        Assert.Equal("AMENDED", (string)levels[world.ProvinceId]!["status"]!);
        Assert.Equal("CLOSED", (string)levels[world.WardIds[1]]!["status"]!);
        Assert.Equal(5, (int)levels[world.ProvinceId]!["closed"]!["figures"]!["helps"]!);
        Assert.Equal(4, (int)levels[world.ProvinceId]!["current"]!["helps"]!);
        var amended = await _api.Error(Close, new { c = world.CampaignId, u = world.DistrictId });
        Assert.Equal("CHILD_AMENDED", amended.Code);
        Assert.Contains("Xã Cự Khê", amended.Message);

        // The official reads their ward's level and nothing above it.
        var own = (await official.Data(Levels, ward0))["figuresClosings"]!.AsArray();
        Assert.Equal([world.WardIds[0]], own.Select(l => (string)l!["unitId"]!));
        Assert.Equal("FORBIDDEN", (await official.Error(Levels, new { c = world.CampaignId, u = world.DistrictId })).Code);
    }

    [Fact]
    public async Task Period_counts_add_up_the_campaign_days_by_unit_and_an_official_sees_only_their_ward()
    {
        var world = await World.Create(_api);
        await Helps(world, 0, 4);
        await Helps(world, 1, 1);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);

        var district = (await _api.Data(Period, new { u = world.DistrictId, from = "2026-08-01", to = "2026-08-31" }))["periodCounts"]!;
        Assert.Equal([world.CampaignId], district["campaignIds"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(5, (int)district["total"]!["figures"]!["helps"]!);
        Assert.Equal(4, (int)district["total"]!["volunteers"]!);
        var units = district["units"]!.AsArray().ToDictionary(u => (string)u!["unitId"]!, u => (int)u!["figures"]!["helps"]!);
        Assert.Equal(new Dictionary<string, int> { [world.WardIds[0]] = 4, [world.WardIds[1]] = 1 }, units);
        Assert.Equal(5, (int)district["total"]!["figures"]!["byProcedure"]!.AsArray().Single()!["count"]!);

        var before = (await _api.Data(Period, new { u = world.DistrictId, from = "2026-09-01", to = "2026-09-30" }))["periodCounts"]!;
        Assert.Equal(0, (int)before["total"]!["figures"]!["helps"]!);
        Assert.Empty(before["campaignIds"]!.AsArray());

        var ward = (await official.Data(Period, new { u = world.WardIds[0], from = "2026-08-27", to = "2026-08-27" }))["periodCounts"]!;
        Assert.Equal(4, (int)ward["total"]!["figures"]!["helps"]!);
        Assert.Equal("FORBIDDEN", (await official.Error(Period, new { u = world.DistrictId, from = "2026-08-01", to = "2026-08-31" })).Code);
        var backwards = await _api.Error(Period, new { u = world.DistrictId, from = "2026-08-31", to = "2026-08-01" });
        Assert.Equal(("INVALID", "to"), (backwards.Code, backwards.Field));
    }

    [Fact]
    public async Task Staffing_estimates_the_hours_a_ward_needs_from_the_minutes_recorded_per_help()
    {
        var world = await World.Create(_api);
        await _api.Data("mutation($c: ID!, $w: ID!) { setTargets(campaignId: $c, targets: [{ wardId: $w, service: \"online-application\", count: 20 }]) { count } }",
            new { c = world.CampaignId, w = world.WardIds[0] });
        await Helps(world, 0, 2);

        var staffing = (await _api.Data("""
            query($c: ID!) { staffing(campaignId: $c) { dayStarted measured { service channel helps minutes }
              wards { wardId helpsTargeted helpsToGo hoursNeeded rosterVolunteers hoursAvailable shortfall } } }
            """, new { c = world.CampaignId }))["staffing"]!;
        var measured = staffing["measured"]!.AsArray().Single()!;
        Assert.Equal(("online-application", 2, 60L), ((string)measured["service"]!, (int)measured["helps"]!, (long)measured["minutes"]!));
        var ward = staffing["wards"]!.AsArray().Single(w => (string)w!["wardId"]! == world.WardIds[0])!;
        Assert.Equal((20, 18), ((int)ward["helpsTargeted"]!, (int)ward["helpsToGo"]!));
        // 18 helps to go at the 30 minutes each measured: 9 volunteer-hours.
        Assert.Equal(9.0, (double)ward["hoursNeeded"]!);
        Assert.Equal(2, (int)ward["rosterVolunteers"]!);
        Assert.Equal(Math.Max(0, 9.0 - (double)ward["hoursAvailable"]!), (double)ward["shortfall"]!, 2);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        Assert.Equal("FORBIDDEN", (await official.Error("query($c: ID!) { staffing(campaignId: $c) { at } }", new { c = world.CampaignId })).Code);
    }

    /// <summary>Each volunteer of a ward's team checks in, and the first logs <paramref name="count"/> birth registrations of 30 minutes.</summary>
    private async Task Helps(World world, int ward, int count)
    {
        foreach (var volunteerId in world.VolunteerIds[ward])
        {
            await world.CheckIn(_api, volunteerId, world.DeskIds[ward]);
        }
        for (var i = 0; i < count; i++)
        {
            var answer = await world.Log(_api, world.VolunteerIds[ward][0], new
            {
                recordId = $"w{ward}-{i}", service = "online-application", procedure = "BIRTH_REGISTRATION", channel = "ONE_STOP_DESK", outcome = "DONE", minutes = 30,
            });
            Assert.Empty(answer.Errors);
        }
    }
}
