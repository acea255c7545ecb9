using System.Globalization;
using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

/// <summary>What an organiser does from the dashboard at the end of the day: the report, and closing the day.</summary>
[Collection(SiteCollection.Name)]
public sealed class OrganiserToolsTests(Site site)
{
    [Fact]
    public async Task Downloads_the_report_of_the_scope_on_screen_as_CSV_with_the_token()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync($"/dashboard.html?campaign={site.District.CampaignId}");
        await Site.SignIn(page, District.Organiser);

        var tools = page.GetByRole(AriaRole.Region, new() { Name = "Công cụ tổ chức" });
        var download = await page.RunAndWaitForDownloadAsync(() =>
            tools.GetByRole(AriaRole.Button, new() { Name = "Tải báo cáo CSV" }).ClickAsync());

        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith($"Báo cáo cuối ngày,{site.District.CampaignName}", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        await Assertions.Expect(tools.GetByRole(AriaRole.Status).First).ToContainTextAsync(download.SuggestedFilename);
    }

    [Fact]
    public async Task Closing_the_day_with_a_grace_says_until_when_late_phones_may_still_sync()
    {
        // A day of its own, in a commune of its own, so the shared campaign keeps running for the other tests.
        var api = site.Api;
        var ward = (string)(await api.Data("mutation($i: UnitInput!) { createUnit(input: $i) { id } }",
            new { i = new { name = "Xã Bình Minh", kind = "WARD", parentId = site.District[District.DistrictName] } }))["createUnit"]!["id"]!;
        var name = $"Ra quân Bình Minh {Guid.NewGuid().ToString()[..4]}";
        var campaignId = (string)(await api.Data("mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }",
            new { input = new { name, date = "2026-08-27", startsAt = "07:30:00", endsAt = "17:00:00", wardIds = new[] { ward }, isPublic = false } }))
            ["createCampaign"]!["id"]!;

        await using var phone = await site.Browser.NewContextAsync(new()
        {
            BaseURL = site.BaseUrl, ViewportSize = new() { Width = 360, Height = 640 }, Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh",
        });
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"/dashboard.html?campaign={campaignId}");
        await Site.SignIn(page, District.Organiser);
        var tools = page.GetByRole(AriaRole.Region, new() { Name = "Công cụ tổ chức" });

        await tools.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu ngày ra quân" }).ClickAsync();
        await tools.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đang diễn ra").First).ToBeVisibleAsync();

        await tools.GetByLabel("Nhận dữ liệu đồng bộ muộn thêm (phút)").FillAsync("90");
        await tools.GetByRole(AriaRole.Button, new() { Name = "Kết thúc ngày ra quân…" }).ClickAsync();
        var confirm = tools.GetByRole(AriaRole.Group);
        await Assertions.Expect(confirm).ToContainTextAsync("90 phút");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Kết thúc", Exact = true }).ClickAsync();

        var closed = page.GetByTestId("campaign-closed");
        await Assertions.Expect(closed).ToContainTextAsync("Đã kết thúc lúc");
        await Assertions.Expect(closed).ToContainTextAsync("nhận dữ liệu đồng bộ muộn đến");
        await Assertions.Expect(page.Locator(".dash-head")).ToContainTextAsync("Đã kết thúc");
        await Site.Screenshot(page, "campaign-closed");

        var day = (await api.Data("query($id: ID!) { campaign(id: $id) { status closedAt lateSyncUntil } }", new { id = campaignId }))["campaign"]!;
        Assert.Equal("CLOSED", (string)day["status"]!);
        var closedAt = DateTimeOffset.Parse((string)day["closedAt"]!, CultureInfo.InvariantCulture);
        var until = DateTimeOffset.Parse((string)day["lateSyncUntil"]!, CultureInfo.InvariantCulture);
        Assert.Equal(TimeSpan.FromMinutes(90), until - closedAt);
        // The page shows the deadline in the reader's time (Vietnam, UTC+7 all year).
        var local = until.ToOffset(TimeSpan.FromHours(7));
        await Assertions.Expect(closed).ToContainTextAsync(new Regex($"muộn đến [^—]*{Regex.Escape(local.ToString("HH:mm", CultureInfo.InvariantCulture))}"));
        await Assertions.Expect(closed).ToContainTextAsync(local.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture));
    }
}
