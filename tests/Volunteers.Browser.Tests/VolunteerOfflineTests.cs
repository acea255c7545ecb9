using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Volunteers.Tests.Browser;

[Collection(SiteCollection.Name)]
public sealed class VolunteerOfflineTests(Site site, ITestOutputHelper output)
{
    [Fact]
    public async Task Helps_logged_offline_survive_a_reload_and_reach_the_dashboard_once()
    {
        await using var desk = await site.Desk();
        var dashboard = await desk.NewPageAsync();
        await dashboard.GotoAsync($"/dashboard.html?campaign={site.District.CampaignId}");
        await Site.SignIn(dashboard, District.Organiser);
        var total = dashboard.GetByTestId("total-helps");
        await Assertions.Expect(total).ToHaveTextAsync(new Regex(@"^\d+$"));
        var before = int.Parse(await total.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        var recordsBefore = await site.District.StoredRecords(site.Api);

        await using var phoneContext = await site.Phone();
        var phone = new VolunteerPhone(await phoneContext.NewPageAsync(), site.District.CampaignName);
        await phone.Join(site.District.InviteUrl(District.CuKheTeam), "Phạm Thu Hà", District.NewPhone());
        await phone.CheckIn(District.CuKheDesk);
        await phone.ExpectWaiting(0);
        await phone.WaitForServiceWorker();

        await phoneContext.SetOfflineAsync(true);
        await Assertions.Expect(phone.Page.GetByTestId("sync-status")).ToContainTextAsync("Mất mạng");
        for (var i = 0; i < 3; i++)
        {
            await phone.LogHelp();
        }
        await phone.ExpectWaiting(3);
        await Site.Screenshot(phone.Page, "volunteer-offline-phone");

        // Closing the tab or reloading with no network loses nothing: the shell comes from the
        // service worker's cache and the helps from IndexedDB.
        var reload = await phone.Page.ReloadAsync();
        Assert.True(reload!.FromServiceWorker, "the reload while offline was not served by the service worker");
        await phone.ExpectWaiting(3);
        await Assertions.Expect(phone.Page.GetByTestId("tally-mine")).ToHaveTextAsync("3");

        // Offline past the access token's life (15 minutes), as a phone in a pocket is: the clock moves on,
        // simulated here by ageing the stored expiry. The refresh cookie is still good and goes by itself on reconnect.
        var refreshCookie = await Site.RefreshCookie(phone.Page);
        await phone.Page.EvaluateAsync(@"() => {
            const s = JSON.parse(localStorage.getItem('volunteers.session'));
            s.expiresAt = new Date(Date.now() - 60000).toISOString();
            localStorage.setItem('volunteers.session', JSON.stringify(s)); }");

        var online = Stopwatch.StartNew();
        await phoneContext.SetOfflineAsync(false);
        await phone.ExpectWaiting(0);
        await Assertions.Expect(total).ToHaveTextAsync($"{before + 3}", new() { Timeout = 15_000 });
        output.WriteLine($"Back online to +3 on the dashboard: {online.ElapsedMilliseconds} ms");

        Assert.Equal(recordsBefore + 3, await site.District.StoredRecords(site.Api, recordsBefore + 3));
        // The sync that the reconnect starts can go before the network answers the refresh, with the old token,
        // which the server still takes here, where only the stored expiry was aged; the next start refreshes.
        await phone.Page.ReloadAsync();
        var rotated = await Site.RefreshCookie(phone.Page);
        for (var wait = Stopwatch.StartNew(); rotated == refreshCookie && wait.Elapsed < TimeSpan.FromSeconds(15); rotated = await Site.RefreshCookie(phone.Page))
        {
            await Task.Delay(250);
        }
        Assert.NotEqual(refreshCookie, rotated);
    }
}
