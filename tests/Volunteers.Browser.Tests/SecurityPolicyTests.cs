namespace Volunteers.Tests.Browser;

/// <summary>
/// The site under its own Content-Security-Policy: every page, signed in as the roles that use it, at a phone's and a
/// desk's size, loads and works with no violation reported, the volunteer app's service worker included.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SecurityPolicyTests(Site site)
{
    // Reported by the page itself: the event names what was blocked, which a console line may not.
    private const string Listen = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        """;

    [Fact]
    public async Task Every_page_loads_under_the_strict_policy_with_no_violation()
    {
        var d = site.District;
        (string Name, string Url, string? Official)[] pages =
        [
            ("home", "/", null),
            ("dashboard", $"/dashboard.html?campaign={d.CampaignId}", null),
            ("campaigns", "/campaigns.html", null),
            ("import", "/import.html", null),
            ("explorer", "/explorer.html", null),
            ("ward", $"/ward.html?campaign={d.CampaignId}&ward={d[District.CuKhe]}", District.Official),
            ("team", $"/team.html?team={d[District.CuKheTeam]}", District.Official),
            ("volunteer", "/volunteer.html", null),
        ];
        foreach (var (size, width, height) in new[] { ("phone", 360, 640), ("desktop", 1366, 768) })
        {
            await using var context = await site.NewContext(width, height);
            await context.AddInitScriptAsync(Listen);
            var page = await context.NewPageAsync();
            var console = new List<string>();
            page.Console += (_, message) => console.Add(message.Text);
            page.PageError += (_, error) => console.Add(error);

            await page.GotoAsync("/dashboard.html");
            await Site.SignIn(page, District.Organiser);
            foreach (var (name, url, official) in pages)
            {
                if (official is not null)
                {
                    await page.GotoAsync(url);
                    await SignInAs(page, official);
                }
                var response = await page.GotoAsync(url);
                Assert.Contains("frame-ancestors 'none'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
                await page.Locator("main").WaitForAsync();
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                Assert.Empty(await page.EvaluateAsync<string[]>("window.__cspViolations"));
                await Site.Screenshot(page, $"csp-{name}-{size}");
            }
            // The volunteer app's worker is a script of this origin too, installed under the same policy.
            Assert.True(await page.EvaluateAsync<bool>("navigator.serviceWorker.ready.then(r => !!r.active)"));

            Assert.DoesNotContain(console, line => line.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The official's pages are theirs: sign the organiser out and the official in.</summary>
    private static async Task SignInAs(IPage page, string username)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Site.SignIn(page, username);
    }
}
