using System.Globalization;

namespace Volunteers.Tests.Browser;

/// <summary>An organiser runs their part of a campaign day from the campaigns page alone, at a phone's size and a desk's.</summary>
[Collection(SiteCollection.Name)]
public sealed class OrganiserPagesTests(Site site)
{
    [Theory]
    [InlineData("phone", 360, 640)]
    [InlineData("desktop", 1366, 768)]
    public async Task The_organiser_creates_an_official_and_a_day_with_targets_starts_it_sees_a_ward_without_a_team_and_closes_it(string size, int width, int height)
    {
        var d = site.District;
        var suffix = Guid.NewGuid().ToString("N")[..4];
        // A commune joined the district this morning: no team yet.
        var newWard = $"Xã Tam Hưng {suffix}";
        await site.Api.Data("mutation($i: UnitInput!) { createUnit(input: $i) { id } }",
            new { i = new { name = newWard, kind = "WARD", parentId = d[District.DistrictName] } });
        await using var context = await site.NewContext(width, height);
        var page = await context.NewPageAsync();
        var organiser = new OrganiserPages(page);

        // Signed in from the start page, an organiser lands on the campaigns page.
        await page.GotoAsync("/");
        await Site.SignIn(page, District.Organiser);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chiến dịch của đơn vị", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Chiến dịch" })).ToBeVisibleAsync();
        await Shot(page, "campaigns", size, width);

        var official = $"canbo.tamhung.{suffix}";
        await organiser.CreateOfficial(newWard, official, "mật khẩu đủ dài");
        await Shot(page, "campaigns-account", size, width);
        await new GraphQLClient(site.Api.Http).SignIn(official, "mật khẩu đủ dài");

        var name = $"Chủ nhật chuyển đổi số {suffix}";
        await organiser.Open();
        await page.GetByRole(AriaRole.Link, new() { Name = "Lập ngày ra quân mới" }).ClickAsync();
        await Shot(page, "campaigns-new", size, width);
        await organiser.CreateCampaign(name, "2026-12-13", null, District.CuKhe, newWard);
        await organiser.SetTargets("account", 30);
        await Shot(page, "campaigns-targets", size, width);

        var campaignId = new Uri(page.Url).Query.Split("campaign=")[1].Split('&')[0];
        var saved = (await site.Api.Data("query($id: ID!) { campaign(id: $id) { wards { name } targets { ward { name } service count } } }", new { id = campaignId }))["campaign"]!;
        Assert.Equal([District.CuKhe, newWard], saved["wards"]!.AsArray().Select(w => (string)w!["name"]!).Order());
        Assert.Equal([$"{District.CuKhe} account 30", $"{newWard} account 30"],
            saved["targets"]!.AsArray().Select(t => string.Create(CultureInfo.InvariantCulture, $"{t!["ward"]!["name"]} {t["service"]} {(int)t["count"]!}")).Order());

        await organiser.Start();
        await Assertions.Expect(organiser.ReadinessRow(newWard)).ToContainTextAsync("Chưa có tổ");
        await Assertions.Expect(organiser.ReadinessRow(District.CuKhe)).Not.ToContainTextAsync("Chưa có tổ");
        await Shot(page, "campaigns-day", size, width);
        Assert.Equal("RUNNING", (string)(await site.Api.Data("query($id: ID!) { campaign(id: $id) { status } }", new { id = campaignId }))["campaign"]!["status"]!);

        await organiser.Close(30);
        await Assertions.Expect(page.GetByTestId("campaign-closed")).ToContainTextAsync("nhận dữ liệu đồng bộ muộn đến");
        Assert.Equal("CLOSED", (string)(await site.Api.Data("query($id: ID!) { campaign(id: $id) { status } }", new { id = campaignId }))["campaign"]!["status"]!);
    }

    [Fact]
    public async Task Targets_copied_from_the_last_campaign_fill_the_wards_both_days_share()
    {
        var d = site.District;
        await using var context = await site.Desk();
        var organiser = await OrganiserPages.SignIn(context, "/campaigns.html");
        var page = organiser.Page;

        // The shared district's day (27 August) set 20 for account in Cự Khê and 15 in Bích Hòa; a later day with targets would be copied instead.
        var name = $"Ngày ra quân tháng 9 {Guid.NewGuid().ToString()[..4]}";
        await organiser.CreateCampaign(name, "2026-09-02", null, District.CuKhe, District.BichHoa);
        await organiser.Targets.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Chép chỉ tiêu của ") }).ClickAsync();
        await organiser.SaveTargets();

        var campaignId = new Uri(page.Url).Query.Split("campaign=")[1].Split('&')[0];
        var source = (await site.Api.Data("{ campaigns { id date wardIds targets { wardId service count } } }"))["campaigns"]!.AsArray()
            .Where(c => (string)c!["id"]! != campaignId && c!["targets"]!.AsArray().Count > 0
                && c["wardIds"]!.AsArray().Any(w => (string)w! == d[District.CuKhe] || (string)w! == d[District.BichHoa]))
            .OrderByDescending(c => (string)c!["date"]!).First()!;
        var shared = source["targets"]!.AsArray().Where(t => (string)t!["wardId"]! == d[District.CuKhe] || (string)t!["wardId"]! == d[District.BichHoa])
            .Select(t => $"{t!["wardId"]} {t["service"]} {t["count"]}").Order();
        var copied = (await site.Api.Data("query($id: ID!) { campaign(id: $id) { targets { wardId service count } } }", new { id = campaignId }))["campaign"]!["targets"]!
            .AsArray().Select(t => $"{t!["wardId"]} {t["service"]} {t["count"]}").Order();
        Assert.NotEmpty(shared);
        Assert.Equal(shared, copied);
    }

    [Fact]
    public async Task A_district_organiser_opening_another_districts_campaign_is_refused_in_Vietnamese_and_offered_no_organiser_role()
    {
        var suffix = Guid.NewGuid().ToString("N")[..4];
        var api = site.Api;
        var elsewhere = (await api.Data("mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id } }", new
        {
            inputs = new object[]
            {
                new { key = "d", parentId = site.District[District.Province], name = $"Huyện Chương Mỹ {suffix}", kind = "DISTRICT" },
                new { parentKey = "d", name = $"Xã Đông Sơn {suffix}", kind = "WARD" },
            },
        }))["createUnits"]!.AsArray();
        var campaignId = (string)(await api.Data("mutation($w: [ID!]!) { createCampaign(input: { name: \"Ra quân Chương Mỹ\", date: \"2026-12-20\", startsAt: \"07:30:00\", endsAt: \"11:30:00\", wardIds: $w }) { id } }",
            new { w = new[] { (string)elsewhere[1]!["id"]! } }))["createCampaign"]!["id"]!;
        var username = $"huyendoan.{suffix}";
        await api.Data("mutation($s: ID!, $u: String!) { createAccount(role: ORGANISER, scopeId: $s, username: $u, password: \"huyện đoàn mật khẩu\") { role } }",
            new { s = site.District[District.DistrictName], u = username });

        await using var context = await site.Phone();
        var page = (await OrganiserPages.SignIn(context, $"/campaigns.html?campaign={campaignId}", username, "huyện đoàn mật khẩu")).Page;

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Tài khoản của bạn không được làm việc này.");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu ngày ra quân" })).ToHaveCountAsync(0);
        await Shot(page, "campaigns-refused", "phone", 360);

        // A district has no district below it: the accounts page offers officials only.
        await new OrganiserPages(page).Open();
        await page.GetByRole(AriaRole.Link, new() { Name = "Tạo tài khoản cán bộ" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Phường, xã", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Vai trò")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_campaign_form_with_nothing_chosen_says_which_field_is_wrong_and_sends_nothing()
    {
        await using var context = await site.Phone();
        var page = (await OrganiserPages.SignIn(context, "/campaigns.html?new=1")).Page;
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Lập ngày ra quân mới" });
        await form.GetByLabel("Tên ngày ra quân").FillAsync("Ngày thiếu phường");
        await form.GetByLabel("Ngày", new() { Exact = true }).FillAsync("2026-12-27");

        await form.GetByRole(AriaRole.Button, new() { Name = "Lập ngày ra quân", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#wards-error")).ToHaveTextAsync("Hãy chọn ít nhất một phường, xã.");
        await Shot(page, "campaigns-new-error", "phone", 360);
        var names = (await site.Api.Data("{ campaigns { name } }"))["campaigns"]!.AsArray().Select(c => (string)c!["name"]!);
        Assert.DoesNotContain("Ngày thiếu phường", names);
    }

    [Fact]
    public async Task A_username_taken_already_is_refused_beside_the_username_in_Vietnamese()
    {
        await using var context = await site.Phone();
        var organiser = await OrganiserPages.SignIn(context, "/campaigns.html");
        var page = organiser.Page;

        var form = await organiser.SendOfficial(District.BichHoa, District.Official, "một mật khẩu khác");

        var username = form.GetByLabel("Tên đăng nhập");
        await Assertions.Expect(username).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(form.Locator("#username-error")).ToContainTextAsync("ở ô “Tên đăng nhập”");
        await Shot(page, "campaigns-account-taken", "phone", 360);
    }

    private static async Task Shot(IPage page, string name, string size, int width)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Site.Screenshot(page, $"{name}-{size}");
        await PagesTests.AssertNoSidewaysScroll(page, name, width);
    }
}
