namespace Volunteers.Tests.Browser;

/// <summary>What a ward official does on the ward page, step by step, in the words on its controls.</summary>
public sealed class OfficialPages(IPage page)
{
    public IPage Page => page;

    /// <summary>The ward page of the official's own ward, on a campaign day when one is named; signs in when asked to.</summary>
    public async Task Open(string? campaignId = null, string username = District.Official)
    {
        await page.GotoAsync(campaignId is null ? "/ward.html" : $"/ward.html?campaign={campaignId}");
        if (await page.GetByRole(AriaRole.Heading, new() { Name = "Đăng nhập cán bộ" }).IsVisibleAsync())
        {
            await Site.SignIn(page, username);
        }
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Các tổ và thành viên" })).ToBeVisibleAsync();
    }

    public async Task CreateTeam(string name)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Lập tổ mới" });
        await form.GetByLabel("Tên tổ").FillAsync(name);
        await form.GetByRole(AriaRole.Button, new() { Name = "Lập tổ" }).ClickAsync();
        await Assertions.Expect(Team(name)).ToBeVisibleAsync();
    }

    /// <summary>The team's card: its roster and its own form to add a volunteer.</summary>
    public ILocator Team(string name) => page.GetByRole(AriaRole.Region, new() { Name = name, Exact = true });

    public async Task AddVolunteer(string team, string name, string phone, string? branch = null)
    {
        var form = await AddVolunteerForm(team);
        await form.GetByLabel("Tên", new() { Exact = true }).FillAsync(name);
        await form.GetByLabel("Số điện thoại").FillAsync(phone);
        if (branch is not null)
        {
            await form.GetByLabel("Chi đoàn").FillAsync(branch);
        }
        await form.GetByRole(AriaRole.Button, new() { Name = "Thêm vào tổ" }).ClickAsync();
        await Assertions.Expect(Team(team).Locator(".roster")).ToContainTextAsync(name);
    }

    /// <summary>Sends the add-volunteer form expecting a refusal; returns the sentence shown beside the field it names.</summary>
    public async Task<string> AddVolunteerRefused(string team, string name, string phone, string field)
    {
        var form = await AddVolunteerForm(team);
        await form.GetByLabel("Tên", new() { Exact = true }).FillAsync(name);
        await form.GetByLabel("Số điện thoại").FillAsync(phone);
        await form.GetByRole(AriaRole.Button, new() { Name = "Thêm vào tổ" }).ClickAsync();
        var error = form.Locator($"[data-field='{field}'] ~ .field-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        return await error.InnerTextAsync();
    }

    /// <summary>The team's add-volunteer form, unfolded if it is not open from the last volunteer added.</summary>
    private async Task<ILocator> AddVolunteerForm(string team)
    {
        var card = Team(team);
        var form = card.GetByRole(AriaRole.Form);
        if (!await form.IsVisibleAsync())
        {
            await card.GetByText("Thêm tình nguyện viên", new() { Exact = true }).ClickAsync();
        }
        return form;
    }

    public async Task CreateLeader(string team, string username, string password = District.Password)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Tạo tài khoản tổ trưởng" });
        await form.GetByLabel("Tổ", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = team });
        await form.GetByLabel("Tên đăng nhập").FillAsync(username);
        await form.GetByLabel("Mật khẩu").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Đã tạo tài khoản {username}" })).ToBeVisibleAsync();
    }

    /// <summary>Assigns a place of the ward to a team for the campaign day open on the page.</summary>
    public async Task AssignPlace(string placeId, string team)
    {
        var row = page.Locator($"tr[data-place='{placeId}']");
        await row.Locator("select").SelectOptionAsync(new SelectOptionValue { Label = team });
        await row.GetByRole(AriaRole.Button, new() { Name = "Phân công", Exact = true }).ClickAsync();
        await Assertions.Expect(row.Locator(".chips")).ToContainTextAsync(team);
    }

    public Task<string> VoidNewestRecord(string volunteer) => RecordReview.VoidNewest(page, volunteer);

    /// <summary>The ward's audit trail holds an entry with all of these words.</summary>
    public async Task ExpectAuditEntry(params string[] words)
    {
        var entries = page.Locator(".audit-list li");
        foreach (var word in words)
        {
            entries = entries.Filter(new() { HasText = word });
        }
        await Assertions.Expect(entries.First).ToBeVisibleAsync();
    }
}
