using System.Text.Json.Nodes;
using Volunteers.Tests.Core;
using Volunteers.Tests.Reports;

namespace Volunteers.Tests.Corrections;

public sealed class CorrectionTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string VoidHelp =
        "mutation($c: ID!, $v: ID!, $r: ID!, $why: String!) { voidHelp(campaignId: $c, volunteerId: $v, recordId: $r, reason: $why) { recordId voidedAt alreadyVoided } }";

    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task Voiding_a_record_drops_every_count_by_one_is_audited_and_voiding_twice_changes_nothing()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][0];
        await world.CheckIn(_api, volunteer, world.DeskIds[0]);
        foreach (var record in new[] { "v-1", "v-2", "v-3" })
        {
            await world.Log(_api, volunteer, World.Help(record, "cashless", 10));
        }
        await world.ReconcileWhenSettled(_api);

        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);

        var byOrganiser = await _api.Error(VoidHelp, new { c = world.CampaignId, v = volunteer, r = "v-2", why = "Tỉnh sửa" });
        var first = (await world.Volunteer(_api, volunteer).Data(VoidHelp, new { c = world.CampaignId, v = volunteer, r = "v-2", why = "Nhập trùng lượt hỗ trợ" }))["voidHelp"]!;
        var reconcile = await world.ReconcileWhenSettled(_api);
        var again = (await official.Data(VoidHelp, new { c = world.CampaignId, v = volunteer, r = "v-2", why = "lần nữa" }))["voidHelp"]!;

        // Corrections belong to those who know the day: the volunteer, their leader, their ward's official.
        Assert.Equal(("FORBIDDEN", "Mutation.voidHelp"), (byOrganiser.Code, byOrganiser.Field));
        Assert.False((bool)first["alreadyVoided"]!);
        Assert.True((bool)again["alreadyVoided"]!);
        Assert.Equal((string)first["voidedAt"]!, (string)again["voidedAt"]!);
        Assert.True((bool)reconcile["exact"]!, reconcile.ToJsonString());
        Assert.Equal(2, (int)reconcile["records"]!);
        foreach (var scope in new string?[] { null, world.ProvinceId, world.DistrictId, world.WardIds[0], world.TeamIds[0], volunteer })
        {
            var counts = (await _api.Data("query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { helps minutes byService { key count } } }",
                new { c = world.CampaignId, s = scope }))["counts"]!;
            Assert.Equal((2, 20), ((int)counts["helps"]!, (int)counts["minutes"]!));
            Assert.Equal(2, (int)counts["byService"]!.AsArray().Single()!["count"]!);
        }
        var trail = (await _api.Data("query($c: ID!) { auditLog(campaignId: $c, action: \"help.void\") { at actor action target reason details scopePath } }",
            new { c = world.CampaignId }))["auditLog"]!.AsArray();
        var entry = Assert.Single(trail)!;
        // Placed in the tree, so the ward's part of the one trail lists it too.
        Assert.Equal($"/{world.ProvinceId}/{world.DistrictId}/{world.WardIds[0]}/{world.TeamIds[0]}/{volunteer}/", (string)entry["scopePath"]!);
        var ward = (await _api.Data("query($u: ID!) { auditLog(unitId: $u, action: \"help.void\") { target } }", new { u = world.WardIds[0] }))["auditLog"]!.AsArray();
        Assert.Equal("v-2", (string)Assert.Single(ward)!["target"]!);
        Assert.Equal((volunteer, "help.void", "v-2", "Nhập trùng lượt hỗ trợ"),
            ((string)entry["actor"]!, (string)entry["action"]!, (string)entry["target"]!, (string)entry["reason"]!));
        Assert.Equal((string)first["voidedAt"]!, (string)entry["at"]!);
        Assert.Contains(volunteer, (string)entry["details"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-record", "Sai", "NOT_FOUND", "recordId")]
    [InlineData("c-1", "   ", "INVALID", "reason")]
    [InlineData("bad id", "Sai", "INVALID", "recordId")]
    public async Task A_void_that_cannot_be_done_names_the_field(string record, string reason, string code, string field)
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[1][0];
        await world.CheckIn(_api, volunteer, world.DeskIds[1]);
        await world.Log(_api, volunteer, World.Help("c-1"));

        var error = await world.Volunteer(_api, volunteer).Error(VoidHelp, new { c = world.CampaignId, v = volunteer, r = record, why = reason });

        Assert.Equal((code, field), (error.Code, error.Field));
    }

    [Fact]
    public async Task Someone_elses_record_cannot_be_voided()
    {
        var world = await World.Create(_api);
        await world.CheckIn(_api, world.VolunteerIds[0][0], world.DeskIds[0]);
        await world.Log(_api, world.VolunteerIds[0][0], World.Help("mine-1"));

        var other = world.VolunteerIds[0][1];
        var error = await world.Volunteer(_api, other).Error(VoidHelp, new { c = world.CampaignId, v = other, r = "mine-1", why = "Sai" });

        Assert.Equal(("NOT_FOUND", "recordId"), (error.Code, error.Field));
    }

    [Fact]
    public async Task After_the_close_new_logs_are_refused_and_a_late_sync_of_earlier_work_is_accepted_and_reported_late()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[1][1];
        var checkedIn = (await world.CheckIn(_api, volunteer, world.NeighbourhoodIds[1]))["checkIn"]!;
        await world.Log(_api, volunteer, World.Help("before-close"));
        // Made on the phone while offline, before the close, and synced after it.
        var madeOffline = DateTimeOffset.Parse((string)checkedIn["checkedInAt"]!, System.Globalization.CultureInfo.InvariantCulture);

        var closed = (await _api.Data("mutation($id: ID!) { closeCampaign(id: $id) { closedAt lateSyncUntil } }", new { id = world.CampaignId }))["closeCampaign"]!;
        var refused = await World.Log(_api, world, volunteer, World.Help("after-close"));
        var late = await world.Log(_api, volunteer, new { recordId = "offline-1", service = "account", channel = "DOOR_TO_DOOR", outcome = "DONE", minutes = 5, occurredAt = madeOffline });

        Assert.Equal(("CONFLICT", "campaignId"), (refused.Code, refused.Field));
        Assert.Contains("closed", refused.Message, StringComparison.Ordinal);
        Assert.True(late.Errors.Count == 0, late.Body.ToJsonString());
        Assert.True(DateTimeOffset.Parse((string)late.Body["data"]!["logHelp"]!["acceptedAt"]!, System.Globalization.CultureInfo.InvariantCulture)
            > DateTimeOffset.Parse((string)closed["closedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        var reconcile = await world.ReconcileWhenSettled(_api);
        Assert.Equal(2, (int)reconcile["records"]!);

        var csv = Csv.Parse((string)(await _api.Data("query($c: ID!, $s: ID) { report(campaignId: $c, scopeId: $s) { csv } }",
            new { c = world.CampaignId, s = world.WardIds[1] }))["report"]!["csv"]!);
        var (header, _, total) = csv.Table("Tổ");
        Assert.Equal("2", total[Array.IndexOf(header, "Lượt hỗ trợ")]);
        Assert.Equal("1", total[Array.IndexOf(header, "Nhận sau khi kết thúc")]);
        Assert.StartsWith("Đã kết thúc lúc", csv.Heading("Trạng thái"), StringComparison.Ordinal);
        Assert.EndsWith($"còn nhận dữ liệu đồng bộ muộn đến {Moment(closed["lateSyncUntil"])}", csv.Heading("Trạng thái"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organiser_who_closes_with_no_grace_gets_no_late_sync()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[1][1];
        var checkedIn = (await world.CheckIn(_api, volunteer, world.NeighbourhoodIds[1]))["checkIn"]!;

        var closed = (await _api.Data("mutation($id: ID!) { closeCampaign(id: $id, lateSyncMinutes: 0) { closedAt lateSyncUntil } }", new { id = world.CampaignId }))["closeCampaign"]!;
        var late = await World.Log(_api, world, volunteer, new { recordId = "offline-1", service = "account", channel = "DOOR_TO_DOOR", outcome = "DONE", minutes = 5, occurredAt = (string)checkedIn["checkedInAt"]! });

        Assert.Equal((string)closed["closedAt"]!, (string)closed["lateSyncUntil"]!);
        Assert.Equal(("CONFLICT", "campaignId"), (late.Code, late.Field));
        Assert.Contains("taken until", late.Message, StringComparison.Ordinal);
        var csv = Csv.Parse((string)(await _api.Data("query($c: ID!) { report(campaignId: $c) { csv } }", new { c = world.CampaignId }))["report"]!["csv"]!);
        Assert.EndsWith($"số liệu đã chốt từ {Moment(closed["lateSyncUntil"])}", csv.Heading("Trạng thái"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grace_chosen_at_the_close_sets_when_the_figures_become_final()
    {
        var world = await World.Create(_api);

        var closed = (await _api.Data("mutation($id: ID!) { closeCampaign(id: $id, lateSyncMinutes: 600) { closedAt lateSyncUntil } }", new { id = world.CampaignId }))["closeCampaign"]!;

        Assert.Equal(TimeSpan.FromHours(10), Time(closed["lateSyncUntil"]) - Time(closed["closedAt"]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7 * 24 * 60 + 1)]
    public async Task A_grace_outside_zero_to_a_week_is_refused_by_name_and_the_campaign_keeps_running(int minutes)
    {
        var world = await World.Create(_api);

        var error = await _api.Error("mutation($id: ID!, $m: Int) { closeCampaign(id: $id, lateSyncMinutes: $m) { status } }", new { id = world.CampaignId, m = minutes });

        Assert.Equal(("INVALID", "lateSyncMinutes"), (error.Code, error.Field));
        Assert.Equal("RUNNING", (string)(await _api.Data("query($id: ID!) { campaign(id: $id) { status } }", new { id = world.CampaignId }))["campaign"]!["status"]!);
    }

    private static string Moment(JsonNode? value) => Api.Reports.ReportLanguage.Vietnamese.Moment(Time(value));

    private static DateTimeOffset Time(JsonNode? value) => DateTimeOffset.Parse((string)value!, System.Globalization.CultureInfo.InvariantCulture);
}
