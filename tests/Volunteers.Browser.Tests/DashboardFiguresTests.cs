namespace Volunteers.Tests.Browser;

/// <summary>The dashboard's procedures, follow-ups and shares, on a campaign of its own so no other test's figures move.</summary>
[Collection(SiteCollection.Name)]
public sealed class DashboardFiguresTests(Site site)
{
    [Fact]
    public async Task The_dashboard_shows_procedures_and_follow_ups_and_shares_that_agree_with_the_figures_beside_them()
    {
        var campaignId = await CampaignWithHelps();

        foreach (var (size, open) in new (string, Func<Task<IBrowserContext>>)[] { ("360x640", site.Phone), ("1366x768", site.Desk) })
        {
            await using var context = await open();
            var page = await context.NewPageAsync();
            await page.GotoAsync($"/dashboard.html?campaign={campaignId}");
            await Site.SignIn(page, District.Organiser);

            await Assertions.Expect(page.GetByTestId("total-helps")).ToHaveTextAsync("5");
            await Assertions.Expect(page.GetByTestId("total-follow-ups")).ToHaveTextAsync("1");
            var procedures = page.GetByTestId("by-procedure");
            await Assertions.Expect(procedures.Locator("div").Nth(0)).ToHaveTextAsync("Đăng ký khai sinh2");
            await Assertions.Expect(procedures.Locator("div").Nth(1)).ToHaveTextAsync("Chứng thực bản sao1");
            await Assertions.Expect(page.GetByTestId("by-outcome")).ToContainTextAsync("Cần hỗ trợ tiếp1");
            await Assertions.Expect(page.GetByTestId("by-outcome")).ToContainTextAsync("Hoàn thành4");

            // Online applications have no target here: their count stands alone, without "/ 0" or a bar.
            var progress = page.Locator(".progress-list li");
            await Assertions.Expect(progress.Filter(new() { HasText = "Nộp hồ sơ" })).ToContainTextAsync("3");
            await Assertions.Expect(progress.Filter(new() { HasText = "Nộp hồ sơ" })).Not.ToContainTextAsync("/");
            await Assertions.Expect(progress.Filter(new() { HasText = "Nộp hồ sơ" }).GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
            await Assertions.Expect(progress.Filter(new() { HasText = "Tạo / kích hoạt" })).ToContainTextAsync("2 / 20 · 10%");

            // The unit's row: 5 helps, 2 of them toward its target of 20, and the share of exactly those two figures.
            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = District.Province });
            await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(0)).ToHaveTextAsync("5");
            await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("2 / 20");
            await Assertions.Expect(row.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("10%");
            await Site.Screenshot(page, $"dashboard-figures-{size}");
        }
    }

    /// <summary>
    /// A running campaign of the district's wards with a target for accounts in Cự Khê only, where a volunteer
    /// who joined Cự Khê's team logged two birth registrations (one needing follow-up), a certified copy and two accounts.
    /// </summary>
    private async Task<string> CampaignWithHelps()
    {
        var api = site.Api;
        var district = site.District;
        var campaignId = (string)(await api.Data("mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }", new
        {
            input = new { name = $"Ngày số liệu {Guid.NewGuid().ToString()[..4]}", date = "2026-12-04", startsAt = "07:30:00", endsAt = "17:00:00", wardIds = new[] { district[District.CuKhe], district[District.BichHoa] } },
        }))["createCampaign"]!["id"]!;
        await api.Data("mutation($c: ID!, $t: [TargetInput!]!) { setTargets(campaignId: $c, targets: $t) { count } }",
            new { c = campaignId, t = new[] { new { wardId = district[District.CuKhe], service = "account", count = 20 } } });
        await api.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
            new { c = campaignId, p = district[District.CuKheDesk], t = district[District.CuKheTeam] });
        await api.Data("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = campaignId });

        var joined = (await new GraphQLClient(api.Http).Data(
            "mutation($code: String!, $phone: String!, $pin: String!) { joinTeam(inviteCode: $code, name: \"Phạm Thu Hà\", phone: $phone, pin: $pin) { accessToken account { scopeId } } }",
            new { code = district.InviteCode(District.CuKheTeam), phone = District.NewPhone(), pin = District.Pin }))["joinTeam"]!;
        var volunteer = api.As((string)joined["accessToken"]!);
        var volunteerId = (string)joined["account"]!["scopeId"]!;
        await volunteer.Data("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
            new { c = campaignId, v = volunteerId, p = district[District.CuKheDesk] });
        var helps = new object[]
        {
            new { recordId = "f-1", service = "online-application", procedure = "BIRTH_REGISTRATION", channel = "ONE_STOP_DESK", outcome = "FOLLOW_UP", minutes = 25 },
            new { recordId = "f-2", service = "online-application", procedure = "BIRTH_REGISTRATION", channel = "ONE_STOP_DESK", outcome = "DONE", minutes = 15 },
            new { recordId = "f-3", service = "online-application", procedure = "CERTIFIED_COPY", channel = "ONE_STOP_DESK", outcome = "DONE", minutes = 10 },
            new { recordId = "f-4", service = "account", channel = "ONE_STOP_DESK", outcome = "DONE", minutes = 8 },
            new { recordId = "f-5", service = "account", channel = "ONE_STOP_DESK", outcome = "DONE", minutes = 12 },
        };
        foreach (var help in helps)
        {
            await volunteer.Data("mutation($c: ID!, $v: ID!, $h: HelpInput!) { logHelp(campaignId: $c, volunteerId: $v, help: $h) { recordId } }",
                new { c = campaignId, v = volunteerId, h = help });
        }
        await (district with { CampaignId = campaignId }).StoredRecords(api, helps.Length);
        return campaignId;
    }
}
