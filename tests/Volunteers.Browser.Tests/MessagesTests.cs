using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

/// <summary>Messages to a team, as its volunteers' phones get them, and the warning of records still on a phone.</summary>
[Collection(SiteCollection.Name)]
public sealed class MessagesTests(Site site)
{
    /// <summary>Shorter than the inbox's own sync (30 s): a message within it came by the push.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Pushed = new() { Timeout = 10_000 };

    [Fact]
    public async Task A_message_reaches_a_connected_phone_live_and_an_offline_phone_at_its_next_sync()
    {
        var teamId = site.District[District.BichHoaTeam];
        await using var onlineContext = await site.Phone();
        var connected = new VolunteerPhone(await onlineContext.NewPageAsync(), site.District.CampaignName);
        await connected.Join(site.District.InviteUrl(District.BichHoaTeam), "Đỗ Thị Mai", District.NewPhone());
        await using var offlineContext = await site.Phone();
        var away = new VolunteerPhone(await offlineContext.NewPageAsync(), site.District.CampaignName);
        await away.Join(site.District.InviteUrl(District.BichHoaTeam), "Vũ Văn Nam", District.NewPhone());
        await away.CheckIn(District.BichHoa1);
        // The check-in is a tap the phone sends like a help: it must have gone before the network does.
        await away.ExpectWaiting(0);
        await away.WaitForServiceWorker();

        // Away from the network, reopened from the phone's own copy: no socket reaches the server now.
        await offlineContext.SetOfflineAsync(true);
        await away.Page.ReloadAsync();
        await Assertions.Expect(away.Page.GetByTestId("sync-status")).ToContainTextAsync("Mất mạng");
        await away.LogHelp();
        var banner = away.Page.GetByTestId("waiting-banner");
        await Assertions.Expect(banner).ToHaveTextAsync(new Regex("^1 bản ghi vẫn còn trên điện thoại"));

        var first = await Send(teamId, "Tập trung tại nhà văn hoá Bích Hòa 1 lúc 13:30");
        await Assertions.Expect(connected.Page.GetByTestId("inbox")).ToContainTextAsync(first, new() { Timeout = 30_000 });
        // The first may have come with the sync the subscription starts with; the second can only come by the push.
        await Task.Delay(1_000);
        var second = await Send(teamId, "Chuyển sang Thôn Bích Hòa 1 lúc 14:00");
        await Assertions.Expect(connected.Page.GetByTestId("inbox")).ToContainTextAsync(second, Pushed);
        await Assertions.Expect(connected.Page.GetByTestId("inbox-unread")).ToHaveTextAsync("2");
        await connected.Page.GetByRole(AriaRole.Button, new() { Name = "Đã đọc", Exact = true }).First.ClickAsync();
        await Assertions.Expect(connected.Page.GetByTestId("inbox-unread")).ToHaveTextAsync("1");
        await Site.Screenshot(connected.Page, "messages-phone");

        await Assertions.Expect(away.Page.GetByTestId("inbox")).Not.ToContainTextAsync(second);
        await Site.Screenshot(away.Page, "messages-offline-phone");
        await offlineContext.SetOfflineAsync(false);
        await Assertions.Expect(away.Page.GetByTestId("inbox")).ToContainTextAsync(second, new() { Timeout = 30_000 });
        await Assertions.Expect(away.Page.GetByTestId("inbox-unread")).ToHaveTextAsync("2");
        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = 15_000 });

        // Kept on the phone: read again with no network after a reload.
        await away.Page.GetByRole(AriaRole.Button, new() { Name = "Tin nhắn của tổ" }).ClickAsync();
        await offlineContext.SetOfflineAsync(true);
        await away.Page.ReloadAsync();
        await away.Page.GetByRole(AriaRole.Button, new() { Name = "Tin nhắn của tổ" }).ClickAsync();
        await Assertions.Expect(away.Page.GetByTestId("message")).ToHaveCountAsync(2);
        await Assertions.Expect(away.Page.GetByTestId("inbox")).ToContainTextAsync(first);
    }

    [Fact]
    public async Task An_official_writes_to_the_wards_teams_from_the_ward_page()
    {
        foreach (var (name, width, height) in new[] { ("desktop", 1366, 768), ("phone", 360, 640) })
        {
            await using var context = await site.NewContext(width, height);
            var ward = await context.NewPageAsync();
            await ward.GotoAsync($"/ward.html?campaign={site.District.CampaignId}&ward={site.District[District.CuKhe]}");
            await Site.SignIn(ward, District.Official);
            var compose = ward.Locator(".compose");
            await compose.GetByLabel("Gửi tới").SelectOptionAsync(new SelectOptionValue { Label = District.CuKhe });
            await compose.GetByLabel("Nội dung").FillAsync($"Họp tổ lúc 16:30 tại UBND xã ({name})");
            await Assertions.Expect(compose).ToContainTextAsync("ký tự");
            await compose.GetByRole(AriaRole.Button, new() { Name = "Gửi tin nhắn" }).ClickAsync();
            // Other tests may have made the ward a team of its own meanwhile: the message goes to all of them.
            var teams = (await site.Api.Data("query($w: ID!) { unit(id: $w) { teams { id } } }", new { w = site.District[District.CuKhe] }))["unit"]!["teams"]!.AsArray().Count;
            await Assertions.Expect(compose.GetByRole(AriaRole.Status)).ToContainTextAsync($"Đã gửi tới {teams} tổ ({District.CuKhe})");
            await Site.Screenshot(ward, $"messages-compose-{name}");
        }
    }

    private async Task<string> Send(string scopeId, string text)
    {
        await site.Api.Data("mutation($s: ID!, $t: String!) { sendMessage(scopeId: $s, text: $t) { id } }", new { s = scopeId, t = text });
        return text;
    }
}
