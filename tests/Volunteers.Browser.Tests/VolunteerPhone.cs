using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

/// <summary>What a volunteer does with the phone app, in the words on its buttons (Vietnamese, the default).</summary>
public sealed partial class VolunteerPhone(IPage page)
{
    public IPage Page => page;

    public async Task Open() => await page.GotoAsync("/volunteer.html");

    public async Task Join(string campaign, string team, string volunteer)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = campaign }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = team }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = volunteer }).ClickAsync();
    }

    public async Task CheckIn(string place) => await page.GetByRole(AriaRole.Button, new() { Name = place }).ClickAsync();

    /// <summary>The common case: the first service in the catalogue, the channel the place suggests, done.</summary>
    public async Task LogHelp()
    {
        await page.Locator(".log fieldset").First.GetByRole(AriaRole.Button).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Đã lưu");
    }

    public ILocator Waiting => page.GetByTestId("waiting");

    public async Task ExpectWaiting(int count) =>
        await Assertions.Expect(Waiting).ToHaveTextAsync(new Regex($"^{count} chờ đồng bộ"), new() { Timeout = 15_000 });

    /// <summary>Until the service worker controls the page, a reload with no network would fail.</summary>
    public async Task WaitForServiceWorker() =>
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new() { Timeout = 15_000 });
}
