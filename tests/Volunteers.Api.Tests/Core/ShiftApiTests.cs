using System.Globalization;
using System.Net;
using Volunteers.Tests.Reports;

namespace Volunteers.Tests.Core;

/// <summary>Check-ins and check-outs sent from a phone that was offline, and the hours they make.</summary>
public sealed class ShiftApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string CheckIn = """
        mutation($c: ID!, $v: ID!, $p: ID!, $at: DateTimeOffset, $tap: ID) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p, at: $at, tapId: $tap) { checkedInAt checkedOutAt } }
        """;

    private const string CheckOut = """
        mutation($c: ID!, $v: ID!, $at: DateTimeOffset, $tap: ID) { checkOut(campaignId: $c, volunteerId: $v, at: $at, tapId: $tap) { checkedInAt checkedOutAt minutes } }
        """;

    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task Taps_keep_the_phones_time_a_resend_answers_the_same_shift_and_times_out_of_bounds_are_refused_by_field()
    {
        var world = await World.Create(_api);
        var volunteerId = world.VolunteerIds[0][0];
        var phone = world.Volunteer(_api, volunteerId);
        var startedAt = await StartedAt(world);
        var tapIn = startedAt.AddSeconds(3);

        var first = (await phone.Data(CheckIn, new { c = world.CampaignId, v = volunteerId, p = world.DeskIds[0], at = tapIn, tap = "tap-in-1" }))["checkIn"]!;
        var resent = (await phone.Data(CheckIn, new { c = world.CampaignId, v = volunteerId, p = world.DeskIds[0], at = tapIn, tap = "tap-in-1" }))["checkIn"]!;
        var ahead = await phone.Error(CheckOut, new { c = world.CampaignId, v = volunteerId, at = DateTimeOffset.UtcNow.AddMinutes(30), tap = "tap-out-ahead" });
        var beforeStart = await phone.Error(CheckOut, new { c = world.CampaignId, v = volunteerId, at = startedAt.AddMinutes(-30), tap = "tap-out-early" });
        var badTap = await phone.Error(CheckOut, new { c = world.CampaignId, v = volunteerId, tap = "no spaces allowed" });
        var closed = (await phone.Data(CheckOut, new { c = world.CampaignId, v = volunteerId, at = tapIn.AddMinutes(6), tap = "tap-out-1" }))["checkOut"]!;
        var closedAgain = (await phone.Data(CheckOut, new { c = world.CampaignId, v = volunteerId, at = tapIn.AddMinutes(6), tap = "tap-out-1" }))["checkOut"]!;

        Assert.Equal(tapIn, Time(first["checkedInAt"]));
        Assert.Equal(first.ToJsonString(), resent.ToJsonString());
        Assert.Equal(("CLOCK_SKEW", "at"), (ahead.Code, ahead.Field));
        Assert.Equal(("INVALID", "at"), (beforeStart.Code, beforeStart.Field));
        Assert.Equal(("INVALID", "tapId"), (badTap.Code, badTap.Field));
        Assert.Equal(tapIn.AddMinutes(6), Time(closed["checkedOutAt"]));
        Assert.Equal(6, (int)closed["minutes"]!);
        Assert.Equal(closed.ToJsonString(), closedAgain.ToJsonString());
    }

    [Fact]
    public async Task Hours_are_seen_by_the_volunteer_their_leader_and_their_wards_official_and_counted_in_the_report()
    {
        var world = await World.Create(_api);
        var volunteerId = world.VolunteerIds[0][0];
        var phone = world.Volunteer(_api, volunteerId);
        var tapIn = (await StartedAt(world)).AddSeconds(1);
        await phone.Data(CheckIn, new { c = world.CampaignId, v = volunteerId, p = world.DeskIds[0], at = tapIn, tap = "h-in" });
        await phone.Data(CheckOut, new { c = world.CampaignId, v = volunteerId, at = tapIn.AddMinutes(9), tap = "h-out" });
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var otherOfficial = await World.Staff(_api, "OFFICIAL", world.WardIds[1]);
        const string Hours = "query($v: ID!, $c: ID!) { volunteer(id: $v) { hours(campaignId: $c) shifts(campaignId: $c) { minutes } } }";

        var seen = new List<(double?, int?)>();
        foreach (var reader in new[] { phone, leader, official, otherOfficial })
        {
            var answer = await reader.Send(Hours, new { v = volunteerId, c = world.CampaignId });
            var volunteer = answer.Body["data"]?["volunteer"];
            seen.Add(((double?)volunteer?["hours"], (int?)volunteer?["shifts"]?[0]?["minutes"]));
        }
        var total = (await phone.Data("{ myData { totalHours days { hours } } }"))["myData"]!;
        using var report = await official.GetAsync($"/reports/{world.CampaignId}.csv?scope={world.WardIds[0]}");
        var (header, lines, sum) = Csv.Parse(await report.Content.ReadAsStringAsync()).Table("Tổ");

        Assert.Equal([(0.15, 9), (0.15, 9), (0.15, 9), (null, null)], seen);
        Assert.Equal(0.15, (double)total["totalHours"]!);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var hours = Array.IndexOf(header, "Giờ tình nguyện");
        Assert.True(hours > 0, string.Join(',', header));
        Assert.Equal(0.15, double.Parse(lines.Single()[hours], CultureInfo.InvariantCulture));
        Assert.Equal(0.15, double.Parse(sum[hours], CultureInfo.InvariantCulture));
    }

    private async Task<DateTimeOffset> StartedAt(World world) =>
        Time((await _api.Data("query($c: ID!) { campaign(id: $c) { startedAt } }", new { c = world.CampaignId }))["campaign"]!["startedAt"]);

    private static DateTimeOffset Time(System.Text.Json.Nodes.JsonNode? node) =>
        DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);
}
