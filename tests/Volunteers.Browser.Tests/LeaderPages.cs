using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

/// <summary>What a team leader does on the team page, step by step, in the words on its controls.</summary>
public sealed class LeaderPages(IPage page)
{
    public IPage Page => page;

    /// <summary>The team page, signing in as the leader; on a campaign day's roster when one is named.</summary>
    public async Task Open(string username, string? campaignName = null)
    {
        await page.GotoAsync("/team.html");
        if (await page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập cán bộ" }).IsVisibleAsync())
        {
            await Site.SignIn(page, username);
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mã mời tham gia tổ" })).ToBeVisibleAsync();
        if (campaignName is not null)
        {
            await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex(Regex.Escape(campaignName)) }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thành viên trong ngày" })).ToBeVisibleAsync();
        }
    }

    public async Task<string> InviteCode() => (await page.Locator(".invite-code").InnerTextAsync()).Trim();

    /// <summary>The QR code is drawn, and large enough for another phone's camera across a table (about 5 cm on a phone).</summary>
    public async Task ExpectScannableQr()
    {
        var qr = page.Locator(".invite .qr svg");
        await Assertions.Expect(qr).ToBeVisibleAsync();
        var box = await qr.BoundingBoxAsync();
        Assert.True(box is { Width: >= 250, Height: >= 250 }, $"The QR code is {box?.Width}×{box?.Height} px.");
    }

    /// <summary>Printed, the page is the invite alone: the QR code, the code and the link, without the menu or the day's lists.</summary>
    public async Task ExpectPrintableInvite()
    {
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".invite .qr svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".invite-code")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Quét mã để tham gia")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".site-header")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "In mã mời" })).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ngày ra quân" })).ToBeHiddenAsync();
        await Site.Screenshot(page, "leader-invite-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
    }

    /// <summary>Changes the invite; returns the new code, which differs from the old one.</summary>
    public async Task<string> RotateInvite()
    {
        var before = await InviteCode();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đổi mã mời…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đổi mã", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Đã đổi mã mời" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".invite-code")).Not.ToHaveTextAsync(before);
        return await InviteCode();
    }

    public ILocator Member(string name) => page.Locator(".member-list li").Filter(new() { HasText = name });

    /// <summary>Reloads the roster until the member's line says where they are (or that they have not come).</summary>
    public async Task ExpectMemberStatus(string name, string status)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật" }).ClickAsync();
        await Assertions.Expect(Member(name).Locator(".member-status")).ToContainTextAsync(status);
    }

    public async Task AssignMember(string name, string place)
    {
        var member = Member(name);
        await member.GetByLabel($"Địa bàn giao cho {name}").SelectOptionAsync(new SelectOptionValue { Label = place });
        await member.GetByRole(AriaRole.Button, new() { Name = "Giao", Exact = true }).ClickAsync();
        await Assertions.Expect(Member(name)).ToContainTextAsync($"Được giao: {place}");
    }

    public Task<string> VoidNewestRecord(string volunteer) => RecordReview.VoidNewest(page, volunteer);

    /// <summary>What a leader is not offered: the ward's assignments and imports are neither in the menu nor usable by opening them.</summary>
    public async Task ExpectNoWardControls()
    {
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Điều hướng chính" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Phân công", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Nhập dữ liệu" })).ToHaveCountAsync(0);
        await Assertions.Expect(nav.GetByRole(AriaRole.Link, new() { Name = "Tổ của tôi" })).ToBeVisibleAsync();
        await page.GotoAsync("/ward.html");
        await Assertions.Expect(page.GetByText("Trang phân công dành cho cán bộ phường, xã")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Phân công", Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Mở trang tổ của tôi" })).ToBeVisibleAsync();
    }
}
