using System.Globalization;
using System.Text.Json.Nodes;
using Volunteers.Tests.Reports;

namespace Volunteers.Tests.Browser;

/// <summary>
/// A volunteer's whole day on a phone with no network, synced only after the campaign closed; and a phone
/// whose clock runs ahead. Each day gets a ward and campaign of its own, so closing it leaves the others running.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class OfflineDayTests(Site site)
{
    private const int Helps = 50;

    [Fact]
    public async Task A_day_worked_offline_and_synced_after_the_close_within_the_grace_is_taken_once_with_the_taps_times()
    {
        var ward = await OwnWard.Create(site.Api, "Xã Tam Hưng");
        await using var phoneContext = await site.Phone();
        var phone = new VolunteerPhone(await phoneContext.NewPageAsync());
        await phone.Join(ward.InviteUrl, "Đỗ Minh Khoa", District.NewPhone());
        var volunteerId = await phone.VolunteerId();
        await phone.WaitForServiceWorker();

        await phoneContext.SetOfflineAsync(true);
        await Assertions.Expect(phone.Page.GetByTestId("sync-status")).ToContainTextAsync("Mất mạng");
        await phone.CheckIn(ward.Desk);
        for (var i = 0; i < Helps; i++)
        {
            await phone.LogHelp();
        }
        await phone.CheckOut();
        await phone.ExpectWaiting(Helps + 2);
        var taps = (await phone.Outbox()).Where(i => i.Kind != "help").Select(i => DateTimeOffset.Parse(i.At!, CultureInfo.InvariantCulture)).ToList();
        await Site.Screenshot(phone.Page, "volunteer-offline-day-phone");

        // The organiser closes the day while the phone is still out of coverage; the grace is what lets it in.
        await site.Api.Data("mutation($c: ID!) { closeCampaign(id: $c, lateSyncMinutes: 60) { status } }", new { c = ward.CampaignId });
        await phoneContext.SetOfflineAsync(false);
        await phone.ExpectWaiting(0);
        await Assertions.Expect(phone.Page.Locator(".refused")).ToHaveCountAsync(0);

        var shift = (await ward.Official.Data("query($v: ID!, $c: ID!) { volunteer(id: $v) { shifts(campaignId: $c) { checkedInAt checkedOutAt } } }",
            new { v = volunteerId, c = ward.CampaignId }))["volunteer"]!["shifts"]!.AsArray().Single()!;
        Assert.Equal(taps[0], Time(shift["checkedInAt"]));
        Assert.Equal(taps[1], Time(shift["checkedOutAt"]));
        Assert.Equal(Helps, await Records(ward.CampaignId));
        Assert.Equal(Helps, await LateInReport(ward, Helps));
        await Assertions.Expect(phone.Page.GetByTestId("tally-mine")).ToHaveTextAsync($"{Helps}", new() { Timeout = 15_000 });

        // A wrong tap is undone from the phone within the grace: it stops counting everywhere.
        await phone.Undo();
        await phone.ExpectWaiting(0);
        Assert.Equal(Helps - 1, await Records(ward.CampaignId, Helps - 1, "helps"));
        await Site.Screenshot(phone.Page, "volunteer-offline-day-synced-phone");
        await phone.Page.SetViewportSizeAsync(1366, 768);
        await Site.Screenshot(phone.Page, "volunteer-offline-day-synced-desk");
    }

    [Fact]
    public async Task A_phone_whose_clock_runs_ahead_keeps_its_records_and_says_so_plainly()
    {
        var ward = await OwnWard.Create(site.Api, "Xã Thanh Cao");
        await using var phoneContext = await site.Phone();
        var page = await phoneContext.NewPageAsync();
        // Forty minutes ahead: beyond the ten the server allows, as a cheap phone set by hand may be.
        await page.Clock.InstallAsync(new() { TimeDate = DateTime.UtcNow.AddMinutes(40) });
        var phone = new VolunteerPhone(page);
        await phone.Join(ward.InviteUrl, "Vũ Thị Hoa", District.NewPhone());

        await phone.CheckIn(ward.Desk);
        await phone.LogHelp();
        await phone.LogHelp();

        await Assertions.Expect(page.GetByTestId("clock-skew")).ToContainTextAsync("Đồng hồ của điện thoại đang sai", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByTestId("clock-skew")).ToContainTextAsync("3 mục vẫn được giữ trên máy");
        await phone.ExpectWaiting(3);
        await Assertions.Expect(page.Locator(".refused")).ToHaveCountAsync(0);
        Assert.Equal(["checkIn", "help", "help"], (await phone.Outbox()).Select(i => i.Kind));
        Assert.Equal(0, await Records(ward.CampaignId));
        await Site.Screenshot(page, "volunteer-clock-skew-phone");
        await page.SetViewportSizeAsync(1366, 768);
        await Site.Screenshot(page, "volunteer-clock-skew-desk");
    }

    private async Task<int> Records(string campaignId, int? expected = null, string field = "records")
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var answer = await site.Api.Data("query($c: ID!) { reconcile(campaignId: $c) { exact records } counts(campaignId: $c) { helps } }", new { c = campaignId });
            var value = field == "helps" ? (int)answer["counts"]!["helps"]! : (int)answer["reconcile"]!["records"]!;
            if (((bool)answer["reconcile"]!["exact"]! && (expected is null || value == expected)) || DateTime.UtcNow > deadline)
            {
                Assert.True((bool)answer["reconcile"]!["exact"]!, answer.ToJsonString());
                return value;
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The report's "late" total; the ledger reads the stored records, so it may trail the sync by a moment.</summary>
    private async Task<int> LateInReport(OwnWard ward, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var (late, csv) = await ReadLate(ward);
            if (late == expected || DateTime.UtcNow > deadline)
            {
                Assert.True(late == expected, csv);
                return late;
            }
            await Task.Delay(200);
        }
    }

    private async Task<(int, string)> ReadLate(OwnWard ward)
    {
        using var response = await site.Api.GetAsync($"/reports/{ward.CampaignId}.csv?scope={ward.WardId}");
        var csv = await response.Content.ReadAsStringAsync();
        var (header, _, total) = Csv.Parse(csv).Table("Tổ");
        return (int.Parse(total[Array.IndexOf(header, "Nhận sau khi kết thúc")], CultureInfo.InvariantCulture), csv);
    }

    private static DateTimeOffset Time(JsonNode? node) => DateTimeOffset.Parse((string)node!, CultureInfo.InvariantCulture);

    /// <summary>A ward of the test district with a desk, a team, its official and a running campaign of its own.</summary>
    private sealed record OwnWard(string CampaignId, string WardId, string Desk, string InviteUrl, GraphQLClient Official)
    {
        public static async Task<OwnWard> Create(GraphQLClient organiser, string wardName)
        {
            var suffix = Guid.NewGuid().ToString("N")[..4];
            var provinceId = (string)(await organiser.Data("{ me { scopeId } }"))["me"]!["scopeId"]!;
            var desk = $"Bộ phận một cửa {wardName} {suffix}";
            var units = (await organiser.Data("mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id } }", new
            {
                inputs = new object[]
                {
                    new { key = "w", parentId = provinceId, name = $"{wardName} {suffix}", kind = "WARD" },
                    new { parentKey = "w", name = desk, kind = "DESK" },
                },
            }))["createUnits"]!.AsArray().Select(u => (string)u!["id"]!).ToArray();
            var teamId = (string)(await organiser.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ CNSCĐ\") { id } }", new { w = units[0] }))["createTeam"]!["id"]!;
            var username = $"official-{suffix}";
            await organiser.Data("mutation($s: ID!, $u: String!, $p: String!) { createAccount(role: OFFICIAL, scopeId: $s, username: $u, password: $p) { scopeId } }",
                new { s = units[0], u = username, p = District.Password });
            var official = new GraphQLClient(organiser.Http, () => new GraphQLClient(organiser.Http).SignIn(username, District.Password));
            var invite = (string)(await official.Data("query($t: ID!) { teamInvite(teamId: $t) { url } }", new { t = teamId }))["teamInvite"]!["url"]!;
            var campaignId = (string)(await organiser.Data("mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }",
                new { input = new { name = $"Ngày ra quân {wardName}", date = "2026-08-27", startsAt = "07:30:00", endsAt = "17:00:00", wardIds = new[] { units[0] } } }))
                ["createCampaign"]!["id"]!;
            await organiser.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }", new { c = campaignId, p = units[1], t = teamId });
            await organiser.Data("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = campaignId });
            return new OwnWard(campaignId, units[0], desk, invite, official);
        }
    }
}
