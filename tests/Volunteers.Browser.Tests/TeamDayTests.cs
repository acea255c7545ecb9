namespace Volunteers.Tests.Browser;

/// <summary>
/// A ward official and a team leader run their part of the day from the web app alone: the official makes a
/// team, its roster and its leader; the leader shows the invite, splits the team's place, follows who came and
/// voids a wrong record; the official reads it all in the ward's trail. Each is kept from what is not theirs.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class TeamDayTests(Site site)
{
    [Fact]
    public async Task An_official_builds_a_team_and_its_leader_runs_the_day()
    {
        var d = site.District;
        var suffix = Guid.NewGuid().ToString("N")[..4];
        var teamName = $"Tổ thôn Mới {suffix}";
        var placeName = $"Thôn Mới {suffix}";
        const string Hoa = "Phạm Thị Hoa", Nam = "Đỗ Văn Nam";
        var hoaPhone = District.NewPhone();
        var leaderName = $"to-truong-{suffix}";
        // A village of its own, so what other tests assign in Cự Khê does not touch this one.
        var placeId = (string)(await site.Api.Data("mutation($w: ID!, $n: String!) { createUnit(input: { name: $n, kind: NEIGHBOURHOOD, parentId: $w }) { id } }",
            new { w = d[District.CuKhe], n = placeName }))["createUnit"]!["id"]!;

        // The official, at a desk: a team, two volunteers, the leader's account and the team's village for the day.
        await using var officialDesk = await site.Desk();
        var official = new OfficialPages(await officialDesk.NewPageAsync());
        await official.Open(d.CampaignId);
        await Assertions.Expect(official.Page.GetByRole(AriaRole.Heading, new() { Name = $"Phân công địa bàn — {District.CuKhe}" })).ToBeVisibleAsync();
        await official.CreateTeam(teamName);
        await official.AddVolunteer(teamName, Hoa, hoaPhone, "Chi đoàn thôn");
        await official.AddVolunteer(teamName, Nam, District.NewPhone());
        var refused = await official.AddVolunteerRefused(teamName, "Người Sai Số", "12345", "phone");
        Assert.Contains("Dữ liệu chưa hợp lệ ở ô “Số điện thoại”", refused, StringComparison.Ordinal);
        await official.CreateLeader(teamName, leaderName);
        await official.AssignPlace(placeId, teamName);
        await Site.Screenshot(official.Page, "official-ward-desktop");

        // Hoa, on her phone, joins by the invite with the phone the official entered (written +84…): she takes up her roster entry.
        await using var hoaContext = await site.Phone();
        var hoa = new VolunteerPhone(await hoaContext.NewPageAsync(), d.CampaignName);
        var teamId = (string)(await site.Api.Data("query($w: ID!) { unit(id: $w) { teams { id name } } }", new { w = d[District.CuKhe] }))["unit"]!["teams"]!
            .AsArray().Single(t => (string)t!["name"]! == teamName)!["id"]!;
        var invite = (string)(await site.Api.Data("query($t: ID!) { teamInvite(teamId: $t) { url } }", new { t = teamId }))["teamInvite"]!["url"]!;
        await hoa.Join(invite, Hoa, "+84" + hoaPhone[1..]);
        await hoa.CheckIn(placeName);
        await hoa.LogHelp();
        await hoa.LogHelp();
        await hoa.ExpectWaiting(0);
        var roster = (await site.Api.Data("query($t: ID!) { team(id: $t) { volunteers { name } } }", new { t = teamId }))["team"]!["volunteers"]!.AsArray();
        Assert.Equal(new[] { Hoa, Nam }.Order(StringComparer.Ordinal), roster.Select(v => (string)v!["name"]!).Order(StringComparer.Ordinal));

        // The leader, on a phone first: the invite to scan, then a new one; the roster; Hoa's place; a wrong record voided.
        await using var leaderPhone = await site.Phone();
        var leader = new LeaderPages(await leaderPhone.NewPageAsync());
        await leader.Open(leaderName);
        await leader.ExpectScannableQr();
        await Site.Screenshot(leader.Page, "leader-invite-phone");
        await leader.ExpectPrintableInvite();
        var oldCode = await leader.InviteCode();
        var newCode = await leader.RotateInvite();
        Assert.NotEqual(oldCode, newCode);
        await leader.ExpectNoWardControls();
        await leader.Open(leaderName, d.CampaignName);
        await leader.ExpectMemberStatus(Hoa, $"Đang ở {placeName} từ");
        await leader.ExpectMemberStatus(Nam, "Chưa đến");
        await leader.AssignMember(Hoa, placeName);
        await RecordReview.ExpectRecords(leader.Page, Hoa, 2);
        await leader.VoidNewestRecord(Hoa);
        await RecordReview.ExpectRecords(leader.Page, Hoa, 1);
        await Site.Screenshot(leader.Page, "leader-day-phone");
        var assigned = (await site.Api.Data("query($v: ID!, $c: ID!) { volunteer(id: $v) { assignedPlace(campaignId: $c) { name } } }",
            new { v = await VolunteerId(teamId, Hoa), c = d.CampaignId }))["volunteer"]!["assignedPlace"]!;
        Assert.Equal(placeName, (string)assigned["name"]!);

        await using var leaderDesk = await site.Desk();
        var leaderAtDesk = new LeaderPages(await leaderDesk.NewPageAsync());
        await leaderAtDesk.Open(leaderName, d.CampaignName);
        await Assertions.Expect(leaderAtDesk.Member(Hoa)).ToContainTextAsync($"Được giao: {placeName}");
        await Site.Screenshot(leaderAtDesk.Page, "leader-day-desktop");

        // The official sees the void and the leader's changes in the ward's trail, in Vietnamese.
        await official.Open(d.CampaignId);
        await official.ExpectAuditEntry("Huỷ lượt ghi", "Ghi trùng một lượt hỗ trợ");
        await official.ExpectAuditEntry("Giao địa bàn cho thành viên", teamName);
        await official.ExpectAuditEntry("Đổi mã mời của tổ", leaderName);
        await official.ExpectAuditEntry("Tạo tài khoản", District.Official);
        await RecordReview.ExpectRecords(official.Page, Hoa, 1);
        await Assertions.Expect(official.Page.Locator(".record-list li.voided").Filter(new() { HasText = Hoa })).ToContainTextAsync("Đã huỷ");
        await Site.Screenshot(official.Page, "official-records-desktop");

        await using var officialPhone = await site.Phone();
        var officialOnPhone = new OfficialPages(await officialPhone.NewPageAsync());
        await officialOnPhone.Open(d.CampaignId);
        await Site.Screenshot(officialOnPhone.Page, "official-ward-phone");
    }

    [Fact]
    public async Task An_official_sees_only_their_own_ward_and_a_team_of_another_ward_is_refused_in_Vietnamese()
    {
        var d = site.District;
        await using var desk = await site.Desk();
        var official = new OfficialPages(await desk.NewPageAsync());
        await official.Open();

        // No list of wards to choose from: the page is the official's ward, whatever the address asks for.
        await official.Page.GotoAsync($"/ward.html?campaign={d.CampaignId}&ward={d[District.BichHoa]}");
        await Assertions.Expect(official.Page.GetByRole(AriaRole.Heading, new() { Name = $"Phân công địa bàn — {District.CuKhe}" })).ToBeVisibleAsync();
        await Assertions.Expect(official.Page.GetByText("Chọn phường, xã khác")).ToHaveCountAsync(0);
        await Assertions.Expect(official.Page.Locator($"tr[data-place='{d[District.BichHoa1]}']")).ToHaveCountAsync(0);

        await official.Page.GotoAsync($"/team.html?team={d[District.BichHoaTeam]}");
        await Assertions.Expect(official.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tài khoản của bạn không được làm việc này.");
        await Assertions.Expect(official.Page.GetByText("outside what your account")).ToHaveCountAsync(0);
        await Site.Screenshot(official.Page, "official-refused-desktop");
    }

    [Fact]
    public async Task An_organiser_on_a_ward_page_is_not_offered_the_records_only_officials_and_leaders_may_void()
    {
        var d = site.District;
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync($"/ward.html?campaign={d.CampaignId}&ward={d[District.CuKhe]}");
        await Site.SignIn(page, District.Organiser);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nhật ký thay đổi" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Các lượt hỗ trợ đã ghi" })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    private async Task<string> VolunteerId(string teamId, string name) =>
        (string)(await site.Api.Data("query($t: ID!) { team(id: $t) { volunteers { id name } } }", new { t = teamId }))["team"]!["volunteers"]!
            .AsArray().Single(v => (string)v!["name"]! == name)!["id"]!;
}
