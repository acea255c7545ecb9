namespace Volunteers.Tests.Browser;

/// <summary>Closing the figures from the ward page and the organiser's page, and a period's units side by side.</summary>
[Collection(SiteCollection.Name)]
public sealed class ClosingTests(Site site)
{
    [Fact]
    public async Task The_official_closes_the_ward_and_the_organiser_sees_the_district_wait_for_the_other_ward()
    {
        await using var phone = await site.Phone();
        var official = new OfficialPages(await phone.NewPageAsync());
        await official.Open(site.District.CampaignId);
        var closing = official.Page.GetByRole(AriaRole.Region, new() { Name = "Chốt số liệu", Exact = true });
        var ward = closing.Locator($"tr[data-unit='{site.District[District.CuKhe]}']");
        await ward.GetByRole(AriaRole.Button, new() { Name = "Chốt số liệu" }).ClickAsync();
        await Assertions.Expect(ward).ToHaveAttributeAsync("data-status", "CLOSED");
        await Assertions.Expect(ward).ToContainTextAsync("Đã chốt");
        await Assertions.Expect(ward).ToContainTextAsync(District.Official);
        await Site.Screenshot(official.Page, "ward-closing-phone");
        Assert.True(await official.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 360);

        await using var desk = await site.Desk();
        var organiser = await OrganiserPages.SignIn(desk, $"/campaigns.html?campaign={site.District.CampaignId}");
        var levels = organiser.Page.GetByRole(AriaRole.Region, new() { Name = "Chốt số liệu", Exact = true });
        var district = levels.Locator($"tr[data-unit='{site.District[District.DistrictName]}']");
        await Assertions.Expect(district).ToHaveAttributeAsync("data-status", "OPEN");
        await Assertions.Expect(district.GetByTestId("closing-waiting")).ToContainTextAsync($"{District.BichHoa} (Chưa chốt)");
        await Assertions.Expect(district.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Assertions.Expect(levels.Locator($"tr[data-unit='{site.District[District.CuKhe]}']")).ToHaveAttributeAsync("data-status", new System.Text.RegularExpressions.Regex("CLOSED|AMENDED"));
        await Assertions.Expect(organiser.Page.GetByRole(AriaRole.Region, new() { Name = "Giờ tình nguyện cần để đạt chỉ tiêu" })).ToContainTextAsync(District.CuKhe);
        await Site.Screenshot(organiser.Page, "campaign-closing-desktop");
    }

    [Fact]
    public async Task The_organiser_compares_units_over_a_period_since_the_launch_on_a_phone_and_a_desk()
    {
        foreach (var (size, width, height) in new[] { ("phone", 360, 640), ("desktop", 1366, 768) })
        {
            await using var context = await site.NewContext(width, height);
            var organiser = await OrganiserPages.SignIn(context, "/campaigns.html");
            var period = organiser.Page.GetByRole(AriaRole.Region, new() { Name = "Số liệu theo khoảng thời gian" });
            await period.GetByRole(AriaRole.Button, new() { Name = "Từ khi bắt đầu" }).ClickAsync();
            await Assertions.Expect(period.GetByTestId("period-summary")).ToContainTextAsync("ngày ra quân");
            await Assertions.Expect(period.GetByRole(AriaRole.Row, new() { Name = District.DistrictName })).ToBeVisibleAsync();
            await Assertions.Expect(period.GetByRole(AriaRole.Row, new() { Name = "Tổng cộng" })).ToBeVisibleAsync();
            var download = await organiser.Page.RunAndWaitForDownloadAsync(() => period.GetByRole(AriaRole.Button, new() { Name = "Tải CSV" }).ClickAsync());
            var csv = await File.ReadAllTextAsync(await download.PathAsync());
            Assert.StartsWith("Đơn vị,Lượt hỗ trợ", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
            Assert.Contains(District.DistrictName, csv, StringComparison.Ordinal);
            await Site.Screenshot(organiser.Page, $"period-{size}");
            Assert.True(await organiser.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= width, $"the campaigns page fits {width} px");
        }
    }
}
