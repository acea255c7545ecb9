namespace Volunteers.Tests.Browser;

[Collection(SiteCollection.Name)]
public sealed class WardAssignmentTests(Site site)
{
    [Fact]
    public async Task A_village_the_ward_assigns_appears_on_the_team_members_phone()
    {
        await using var phoneContext = await site.Phone();
        var phone = new VolunteerPhone(await phoneContext.NewPageAsync(), site.District.CampaignName);
        await phone.Join(site.District.InviteUrl(District.CuKheTeam), District.Minh, District.NewPhone());
        await Assertions.Expect(phone.Page.GetByRole(AriaRole.Button, new() { Name = District.CuKheDesk })).ToBeVisibleAsync();
        await Assertions.Expect(phone.Page.GetByRole(AriaRole.Button, new() { Name = District.VanQuan })).ToHaveCountAsync(0);

        await using var desk = await site.Desk();
        var ward = await desk.NewPageAsync();
        await ward.GotoAsync($"/ward.html?campaign={site.District.CampaignId}&ward={site.District[District.CuKhe]}");
        await Site.SignIn(ward, District.Official);
        var row = ward.Locator($"tr[data-place='{site.District[District.VanQuan]}']");
        await Assertions.Expect(row).ToContainTextAsync("Chưa có tổ");
        await Site.Screenshot(ward, "ward-desktop");
        await row.GetByRole(AriaRole.Button, new() { Name = "Phân công", Exact = true }).ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Đã phân công");
        await Assertions.Expect(row).ToContainTextAsync(District.CuKheTeam);

        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "Tải lại danh sách địa bàn" }).ClickAsync();
        await Assertions.Expect(phone.Page.GetByRole(AriaRole.Button, new() { Name = District.VanQuan })).ToBeVisibleAsync();
    }
}
