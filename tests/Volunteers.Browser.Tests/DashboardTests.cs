using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

[Collection(SiteCollection.Name)]
public sealed class DashboardTests(Site site)
{
    [Fact]
    public async Task Drills_down_from_the_campaign_to_a_team_with_the_address_following()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync($"/dashboard.html?campaign={site.District.CampaignId}");
        await Site.SignIn(page, District.Organiser);
        var crumbs = page.GetByRole(AriaRole.Navigation, new() { Name = "Vị trí" });

        foreach (var (name, id) in new[] { District.Province, District.DistrictName, District.CuKhe, District.CuKheTeam }.Select(n => (n, site.District[n])))
        {
            await page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new Regex($"path=[^&]*{Regex.Escape(id)}"));
            await Assertions.Expect(crumbs).ToContainTextAsync(name);
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Theo tình nguyện viên" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = District.Lan })).ToBeVisibleAsync();

        // Back walks up one level, and a reload of the address opens the same place.
        await page.GoBackAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = District.CuKheTeam, Exact = true })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(crumbs).ToContainTextAsync(District.CuKhe);
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Follows_the_campaign_over_a_hub_socket_opened_with_a_one_time_ticket_never_the_token()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        var hubUrls = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var subscribed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/hubs/live", StringComparison.Ordinal))
            {
                return;
            }
            hubUrls.Enqueue(socket.Url);
            // A completion of Subscribe that is not an error: the socket was signed in.
            socket.FrameReceived += (_, frame) =>
            {
                if (frame.Text is { } text && text.Contains("\"type\":3", StringComparison.Ordinal) && !text.Contains("\"error\"", StringComparison.Ordinal))
                {
                    subscribed.TrySetResult(socket.Url);
                }
            };
        };

        await page.GotoAsync($"/dashboard.html?campaign={site.District.CampaignId}");
        await Site.SignIn(page, District.Organiser);
        var live = await subscribed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Matches(@"/hubs/live\?ticket=[A-Za-z0-9_-]{54}$", live);
        Assert.All(hubUrls, url => Assert.DoesNotContain("access_token", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switches_between_Vietnamese_and_English_and_remembers_the_choice()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync($"/dashboard.html?campaign={site.District.CampaignId}");
        await Site.SignIn(page, District.Organiser);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Assertions.Expect(page.GetByText("Lượt hỗ trợ").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to English" }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByText("Citizens helped")).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveTitleAsync("Campaign dashboard");

        await page.GotoAsync("/volunteer.html");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join the campaign day" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Chuyển sang tiếng Việt" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tham gia ngày ra quân" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Asks_for_sign_in_opens_the_campaigns_of_the_account_and_signs_out()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync("/");
        await Site.SignIn(page, District.Official);
        // An official's work is the ward page; the campaign list there is the one the server lets them see.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("ward\\.html$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = site.District.CampaignName })).ToBeVisibleAsync();

        await page.GotoAsync("/dashboard.html");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = site.District.CampaignName })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập cán bộ" })).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập cán bộ" })).ToBeVisibleAsync();

        // A wrong password is refused in words, and the form stays.
        await page.GetByLabel("Tên đăng nhập").FillAsync(District.Official);
        await page.GetByLabel("Mật khẩu").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("không đúng");
    }

    [Fact]
    public async Task The_public_view_of_a_public_campaign_needs_no_account()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync($"/dashboard.html?campaign={site.District.CampaignId}&view=public");
        await Assertions.Expect(page.GetByTestId("total-helps")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập cán bộ" })).ToHaveCountAsync(0);
    }
}
