using System.Globalization;
using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

/// <summary>
/// A campaign day in a new commune, run from the web app alone by every role: nothing below is done
/// through the API except reading what the pages did, to check it. Staff work at the size of the
/// theory; the volunteer always works on a 360×640 phone.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class WholeDayTests(Site site)
{
    [Theory]
    [InlineData("phone", 360, 640)]
    [InlineData("desktop", 1366, 768)]
    public async Task A_campaign_day_runs_from_the_web_app_alone_by_every_role(string size, int width, int height)
    {
        var suffix = Guid.NewGuid().ToString("N")[..5];
        var code = Random.Shared.Next(60_000, 99_999).ToString(CultureInfo.InvariantCulture);
        var ward = $"Xã Thanh Mai {suffix}";
        string[] places = [$"Thôn Đôn Thư {suffix}", $"Thôn Thanh Mai {suffix}"];
        var team = $"Tổ CNSCĐ Thanh Mai {suffix}";
        var official = $"canbo.{suffix}";
        var leader = $"totruong.{suffix}";
        var campaign = $"Ra quân Thanh Mai {suffix}";
        var roster = Enumerable.Range(1, 5).Select(i => (Name: $"Đoàn viên {i} {suffix}", Phone: District.NewPhone())).ToArray();

        // The organiser brings the commune and its villages in from a file, makes its official, and opens the day.
        await using var organiserDesk = await site.NewContext(width, height);
        var organiserPage = await organiserDesk.NewPageAsync();
        var organiser = new OrganiserPages(organiserPage);
        await organiserPage.GotoAsync("/import.html");
        await Site.SignIn(organiserPage, District.Organiser);
        await new ImportPages(organiserPage).ImportAll("Đơn vị hành chính, khu phố", "thanh-mai.csv",
            "code,name,kind,parent_code", $"{code},{ward},xã,{District.DistrictCode}",
            $"{code}-1,{places[0]},thôn,{code}", $"{code}-2,{places[1]},thôn,{code}");
        await Shot(organiserPage, "1-organiser-import", size);
        await organiser.CreateOfficial(ward, official, District.Password);
        await organiser.CreateCampaign(campaign, "2026-12-05", null, ward);
        await organiser.SetTargets("account", 5);
        await organiser.Start();
        await Shot(organiserPage, "2-organiser-started", size);
        var campaignId = Regex.Match(organiserPage.Url, "campaign=([^&]+)").Groups[1].Value;

        // The official makes the team, imports its roster of five, makes its leader and gives it both villages.
        await using var officialDesk = await site.NewContext(width, height);
        var officialPage = await officialDesk.NewPageAsync();
        var ward_ = new OfficialPages(officialPage);
        await ward_.Open(campaignId, official);
        await ward_.CreateTeam(team);
        var teamId = (string)(await site.Api.Data("query($c: ID!) { campaign(id: $c) { wards { teams { id name } } } }", new { c = campaignId }))
            ["campaign"]!["wards"]![0]!["teams"]!.AsArray().Single(t => (string)t!["name"]! == team)!["id"]!;
        await new ImportPages(officialPage).ImportAll("Tình nguyện viên của các tổ", "to-thanh-mai.csv",
            ["team,name,phone,branch", .. roster.Select(r => $"{teamId},{r.Name},{r.Phone},Chi đoàn Thanh Mai")]);
        await ward_.Open(campaignId, official);
        await ward_.CreateLeader(team, leader, District.Password);
        var placeIds = await PlaceIds(campaignId, places);
        foreach (var place in placeIds)
        {
            await ward_.AssignPlace(place, team);
        }
        await Shot(officialPage, "3-official-team", size);

        // The leader shows the invite and gives the first member the second village.
        await using var leaderDesk = await site.NewContext(width, height);
        var leaderPage = await leaderDesk.NewPageAsync();
        var lead = new LeaderPages(leaderPage);
        await lead.Open(leader, campaign);
        await lead.ExpectScannableQr();
        var invite = await lead.InviteCode();
        var member = roster[0];
        await lead.AssignMember(member.Name, places[1]);
        await lead.ExpectMemberStatus(roster[1].Name, "Chưa đến");
        await Shot(leaderPage, "4-leader-invite", size);

        // The first member opens the invite link on a phone and claims their roster entry by their phone number.
        await using var phoneContext = await site.Phone();
        var phonePage = await phoneContext.NewPageAsync();
        var volunteer = new VolunteerPhone(phonePage);
        await volunteer.Join($"/join?invite={Uri.EscapeDataString(invite)}", member.Name, member.Phone);
        var members = (await site.Api.Data("query($t: ID!) { team(id: $t) { volunteers { id name } } }", new { t = teamId }))["team"]!["volunteers"]!.AsArray();
        Assert.Equal(5, members.Count);
        await Assertions.Expect(phonePage.GetByTestId("your-place")).ToHaveTextAsync($"Tổ trưởng phân công bạn tại: {places[1]}");
        await volunteer.CheckIn(places[1]);
        for (var i = 0; i < 3; i++)
        {
            await volunteer.LogHelp();
        }
        await volunteer.ExpectWaiting(0);
        // A wrong tap, undone on the phone with a reason from the list.
        await volunteer.Undo();
        await volunteer.ExpectWaiting(0);
        await Site.Screenshot(phonePage, $"whole-day-5-volunteer-{size}");

        // The leader sees the member at work and voids another of their records.
        await lead.ExpectMemberStatus(member.Name, places[1]);
        await leaderPage.ReloadAsync();
        await RecordReview.ExpectRecords(leaderPage, member.Name, 2);
        await lead.VoidNewestRecord(member.Name);
        await Shot(leaderPage, "6-leader-void", size);

        // The volunteer goes home with the certificate of the day's hours.
        await volunteer.CheckOut();
        await volunteer.ExpectWaiting(0);
        var certificate = await phonePage.RunAndWaitForDownloadAsync(() =>
            phonePage.GetByRole(AriaRole.Button, new() { Name = "Tải giấy xác nhận tham gia (PDF)" }).ClickAsync());
        Assert.EndsWith(".pdf", certificate.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains(member.Name, certificate.SuggestedFilename, StringComparison.Ordinal);

        // The organiser closes the day and downloads the report: its total is the one help left standing.
        await organiser.OpenCampaign(campaign);
        await organiser.Close(0);
        await organiserPage.GotoAsync($"/dashboard.html?campaign={campaignId}");
        var tools = organiserPage.GetByRole(AriaRole.Region, new() { Name = "Công cụ tổ chức" });
        var download = await organiserPage.RunAndWaitForDownloadAsync(() => tools.GetByRole(AriaRole.Button, new() { Name = "Tải báo cáo CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync(await download.PathAsync());
        await Shot(organiserPage, "7-organiser-report", size);

        var reconcile = (await site.Api.Data("query($c: ID!) { reconcile(campaignId: $c) { exact records } counts(campaignId: $c) { helps } }", new { c = campaignId }));
        Assert.True((bool)reconcile["reconcile"]!["exact"]!);
        Assert.Equal(1, (int)reconcile["reconcile"]!["records"]!);
        Assert.Equal(1, (int)reconcile["counts"]!["helps"]!);
        var total = csv.Single(l => l.StartsWith("Tổng cộng", StringComparison.Ordinal));
        Assert.Equal("1", total.Split(',')[Array.IndexOf(csv.First(l => l.Contains("Lượt hỗ trợ", StringComparison.Ordinal)).Split(','), "Lượt hỗ trợ")]);
        await Assertions.Expect(organiserPage.GetByTestId("total-helps")).ToHaveTextAsync("1");
    }

    private async Task<string[]> PlaceIds(string campaignId, string[] names)
    {
        var wards = (await site.Api.Data("query($c: ID!) { campaign(id: $c) { wards { children { id name } } } }", new { c = campaignId }))["campaign"]!["wards"]!;
        var children = wards[0]!["children"]!.AsArray();
        return names.Select(n => (string)children.Single(c => (string)c!["name"]! == n)!["id"]!).ToArray();
    }

    private static Task Shot(IPage page, string step, string size) => Site.Screenshot(page, $"whole-day-{step}-{size}");
}
