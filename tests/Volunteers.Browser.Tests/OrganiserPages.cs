using System.Text.RegularExpressions;

namespace Volunteers.Tests.Browser;

/// <summary>
/// What an organiser does on the campaigns page, one step a method, so a whole-day test can be put
/// together from them: each step waits until the page shows it done.
/// </summary>
public sealed class OrganiserPages(IPage page)
{
    public IPage Page => page;

    /// <summary>A new page of the context at <paramref name="url"/>, signed in through the form it shows.</summary>
    public static async Task<OrganiserPages> SignIn(IBrowserContext context, string url, string username = District.Organiser, string password = District.Password)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await Site.SignIn(page, username, password);
        return new OrganiserPages(page);
    }

    /// <summary>The organiser's landing page: every task of the day starts here.</summary>
    public async Task Open()
    {
        await page.GotoAsync("/campaigns.html");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chiến dịch của đơn vị", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>An official's login for a ward picked from the list.</summary>
    public async Task CreateOfficial(string ward, string username, string password)
    {
        await SendOfficial(ward, username, password);
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Đã tạo tài khoản" })).ToContainTextAsync(username);
    }

    /// <summary>Fills and sends the account form for an official, without waiting for the answer; answers the form.</summary>
    public async Task<ILocator> SendOfficial(string ward, string username, string password)
    {
        await OpenTask("Tạo tài khoản cán bộ");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Tạo tài khoản cán bộ" });
        if (await form.GetByLabel("Vai trò").CountAsync() > 0)
        {
            await form.GetByLabel("Vai trò").SelectOptionAsync(new SelectOptionValue { Label = "Cán bộ phường, xã" });
        }
        await form.GetByLabel("Phường, xã", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = ward });
        await form.GetByLabel("Tên đăng nhập").FillAsync(username);
        await form.GetByLabel("Mật khẩu").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Tạo tài khoản" }).ClickAsync();
        return form;
    }

    /// <summary>
    /// A campaign over all wards of <paramref name="district"/> (its select-all box) and the <paramref name="wards"/> named,
    /// with the default catalogue; ends on the new campaign's page.
    /// </summary>
    public async Task CreateCampaign(string name, string date, string? district = null, params string[] wards)
    {
        await OpenTask("Lập ngày ra quân mới");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Lập ngày ra quân mới" });
        await form.GetByLabel("Tên ngày ra quân").FillAsync(name);
        await form.GetByLabel("Ngày", new() { Exact = true }).FillAsync(date);
        if (district is not null)
        {
            await form.GetByLabel(new Regex($"^Chọn tất cả \\d+ phường, xã của {Regex.Escape(district)}$")).CheckAsync();
        }
        foreach (var ward in wards)
        {
            await form.GetByRole(AriaRole.Checkbox, new() { Name = ward, Exact = true }).CheckAsync();
        }
        await form.GetByRole(AriaRole.Button, new() { Name = "Lập ngày ra quân", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>From the landing page, the campaign of that name.</summary>
    public async Task OpenCampaign(string name)
    {
        await Open();
        await page.GetByRole(AriaRole.Link).Filter(new() { HasText = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>One figure for every ward of a service (by its code), then saved.</summary>
    public async Task SetTargets(string serviceCode, int figure)
    {
        var targets = Targets;
        await targets.GetByLabel("Dịch vụ", new() { Exact = true }).SelectOptionAsync(serviceCode);
        await targets.GetByLabel("Chỉ tiêu mỗi phường, xã").FillAsync(figure.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await targets.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Đặt cho cả \\d+ phường, xã$") }).ClickAsync();
        await SaveTargets();
    }

    public async Task SaveTargets()
    {
        await Targets.GetByRole(AriaRole.Button, new() { Name = "Lưu chỉ tiêu" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("targets-state")).ToContainTextAsync("Đã lưu lúc");
    }

    public ILocator Targets => page.GetByRole(AriaRole.Region, new() { Name = "Chỉ tiêu theo phường, xã và dịch vụ" });

    public async Task Start()
    {
        var tools = Tools;
        await tools.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu ngày ra quân" }).ClickAsync();
        await tools.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("campaign-status")).ToHaveTextAsync("Đang diễn ra");
    }

    /// <summary>Closes the day, late phones taking <paramref name="graceMinutes"/> more (the server's default when null).</summary>
    public async Task Close(int? graceMinutes = null)
    {
        var tools = Tools;
        if (graceMinutes is { } minutes)
        {
            await tools.GetByLabel("Nhận dữ liệu đồng bộ muộn thêm (phút)").FillAsync(minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await tools.GetByRole(AriaRole.Button, new() { Name = "Kết thúc ngày ra quân…" }).ClickAsync();
        await tools.GetByRole(AriaRole.Group).GetByRole(AriaRole.Button, new() { Name = "Kết thúc", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("campaign-status")).ToHaveTextAsync("Đã kết thúc");
    }

    public ILocator Tools => page.GetByRole(AriaRole.Region, new() { Name = "Công cụ tổ chức" });

    /// <summary>The readiness row of a ward, as the campaign's page lists it.</summary>
    public ILocator ReadinessRow(string ward) =>
        page.GetByRole(AriaRole.Region, new() { Name = "Mức sẵn sàng của các phường, xã" }).GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = ward, Exact = true }) });

    private async Task OpenTask(string task)
    {
        if (await page.GetByRole(AriaRole.Link, new() { Name = task }).CountAsync() == 0)
        {
            await Open();
        }
        await page.GetByRole(AriaRole.Link, new() { Name = task }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = task, Level = 1 })).ToBeVisibleAsync();
    }
}
