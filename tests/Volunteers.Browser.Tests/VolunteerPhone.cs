using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

/// <summary>
/// What a volunteer does with the phone app, in the words on its buttons (Vietnamese, the default). Tests of the
/// shared district name its <paramref name="campaign"/>: other tests open days in the same wards, and then the
/// phone asks which day it is.
/// </summary>
public sealed partial class VolunteerPhone(IPage page, string? campaign = null)
{
    public IPage Page => page;

    public async Task Open() => await page.GotoAsync("/volunteer.html");

    /// <summary>Follows the team's invite link, as from a message or QR code, and joins with a PIN of their choosing.</summary>
    public async Task Join(string inviteUrl, string name, string phone)
    {
        await page.GotoAsync(inviteUrl);
        await FillJoin(name, phone);
    }

    /// <summary>Joins on the open join form, the invite code typed or already filled in from the link.</summary>
    public async Task FillJoin(string name, string phone, string? inviteCode = null)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Tham gia tổ" });
        if (inviteCode is not null)
        {
            await form.GetByLabel("Mã mời của tổ").FillAsync(inviteCode);
        }
        await form.GetByLabel("Họ và tên").FillAsync(name);
        await form.GetByLabel("Số điện thoại").FillAsync(phone);
        await form.GetByLabel("Mã PIN").FillAsync(District.Pin);
        await form.GetByRole(AriaRole.Button, new() { Name = "Tham gia tổ" }).ClickAsync();
        await ExpectSignedIn(name);
        await Site.RefreshCookie(page);
    }

    /// <summary>A volunteer who joined before, on another phone or after signing out.</summary>
    public async Task SignInAgain(string name, string phone)
    {
        await Open();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Đã tham gia rồi? Đăng nhập lại" });
        await form.GetByLabel("Số điện thoại").FillAsync(phone);
        await form.GetByLabel("Mã PIN").FillAsync(District.Pin);
        await form.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await ExpectSignedIn(name);
    }

    /// <summary>The day opens under the volunteer's own name: the one open campaign is taken without asking.</summary>
    private async Task ExpectSignedIn(string name)
    {
        var day = page.GetByTestId("sync-status");
        if (campaign is not null)
        {
            // The chooser's heading shows while the phone still asks which days are open; only a button of the day counts.
            var choice = page.GetByRole(AriaRole.Button).Filter(new() { HasText = campaign });
            await Assertions.Expect(day.Or(choice)).ToBeVisibleAsync(new() { Timeout = 60_000 });
            if (await choice.IsVisibleAsync())
            {
                await choice.ClickAsync();
            }
        }
        await Assertions.Expect(day).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".phone-header")).ToContainTextAsync(name);
    }

    /// <summary>
    /// Taps the place and waits until the tap is in the phone's outbox: until then the waiting count still reads what it
    /// read before the tap, and a wait for "0 waiting" would pass with the check-in not yet queued, let alone sent.
    /// </summary>
    public async Task CheckIn(string place)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = place }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync($"Đã điểm danh tại {place}");
    }

    /// <summary>The common case: the first service in the catalogue, the channel the place suggests, done.</summary>
    public async Task LogHelp()
    {
        var newest = page.Locator(".recent li").First;
        var before = await newest.CountAsync() == 0 ? null : await newest.GetAttributeAsync("data-record");
        await page.Locator(".log fieldset").First.GetByRole(AriaRole.Button).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hoàn thành", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync("Đã lưu");
        // The notice can still be the last log's: this one is on the phone once it heads the recent records. Without
        // the wait an undo could open on a record that the list then moved down.
        await Assertions.Expect(newest).ToHaveAttributeAsync("data-record", before is null ? new Regex(".") : new Regex($"^(?!{Regex.Escape(before)}$)"));
    }

    public async Task CheckOut() => await page.GetByRole(AriaRole.Button, new() { Name = "Kết thúc ca" }).ClickAsync();

    /// <summary>Undoes one of the last records shown on the phone (the newest first), with a reason from the list.</summary>
    public async Task Undo(int newest = 0, string reason = "Bấm nhầm")
    {
        var record = page.Locator(".recent li").Nth(newest);
        await record.GetByRole(AriaRole.Button, new() { Name = "Huỷ lượt này" }).ClickAsync();
        await record.GetByLabel(reason).CheckAsync();
        await record.GetByRole(AriaRole.Button, new() { Name = "Huỷ lượt ghi" }).ClickAsync();
        await Assertions.Expect(record).ToContainTextAsync("đã huỷ");
    }

    /// <summary>The signed-in volunteer's id, from the session the phone keeps.</summary>
    public async Task<string> VolunteerId() =>
        await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('volunteers.session')).account.scopeId");

    /// <summary>What the phone holds unsent, as its outbox keeps it in IndexedDB: each item's kind and tap time.</summary>
    public async Task<IReadOnlyList<(string Kind, string? At)>> Outbox()
    {
        var items = await page.EvaluateAsync<System.Text.Json.JsonElement>(@"() => new Promise((resolve, reject) => {
            const open = indexedDB.open('volunteers', 1);
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
                const all = open.result.transaction('outbox').objectStore('outbox').getAll();
                all.onsuccess = () => resolve(all.result.sort((a, b) => a.seq - b.seq).map(i => [i.action.kind, i.action.at ?? null]));
                all.onerror = () => reject(all.error);
            };
        })");
        return [.. items.EnumerateArray().Select(i => (i[0].GetString()!, i[1].GetString()))];
    }

    public ILocator Waiting => page.GetByTestId("waiting");

    public async Task ExpectWaiting(int count) =>
        await Assertions.Expect(Waiting).ToHaveTextAsync(new Regex($"^{count} chờ đồng bộ"), new() { Timeout = 15_000 });

    /// <summary>Until the service worker controls the page, a reload with no network would fail.</summary>
    public async Task WaitForServiceWorker() =>
        await page.WaitForFunctionAsync("() => navigator.serviceWorker.controller !== null", null, new() { Timeout = 15_000 });
}
