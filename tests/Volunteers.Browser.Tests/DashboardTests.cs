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
    public async Task Switches_between_Vietnamese_and_English_and_remembers_the_choice()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync($"/dashboard.html?campaign={site.District.CampaignId}");
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
}
