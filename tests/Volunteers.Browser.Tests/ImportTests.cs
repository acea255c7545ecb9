using System.Text.Json.Nodes;

namespace Volunteers.Tests.Browser;

/// <summary>The organiser's import page, on a phone's width: a file in, progress, and what was wrong with it.</summary>
[Collection(SiteCollection.Name)]
public sealed class ImportTests(Site site)
{
    [Fact]
    public async Task Imports_the_good_rows_of_a_units_file_and_lists_the_bad_row_with_its_line_and_reason()
    {
        await using var phone = await site.Phone();
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/import.html");
        await Site.SignIn(page, District.Organiser);

        await page.GetByLabel("Đơn vị hành chính, khu phố").CheckAsync();
        await page.GetByLabel("Nhập các dòng đúng và liệt kê các dòng lỗi").CheckAsync();
        // Line 4 names a kind that is no unit kind; the ward and its village above it are good.
        await ImportPages.Choose(page, "don-vi-thanh-thuy.csv",
            "code,name,kind,parent_code",
            $"10279,Xã Thanh Thùy,xã,{District.DistrictCode}",
            "10279-01,Thôn Thanh Thùy 1,thôn,10279",
            "10279-02,Thôn Thanh Thùy 2,làng,10279");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập dữ liệu", Exact = true }).ClickAsync();

        var progress = page.GetByRole(AriaRole.Progressbar, new() { Name = "Tiến độ nhập" });
        await Assertions.Expect(progress).ToHaveAttributeAsync("max", "3");
        await Assertions.Expect(progress).ToHaveAttributeAsync("value", "3");
        var status = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Đã xử lý" });
        await Assertions.Expect(status).ToContainTextAsync("Đã xử lý 3/3 dòng");
        await Assertions.Expect(status).ToContainTextAsync("2 dòng mới");
        await Assertions.Expect(status).ToContainTextAsync("1 dòng lỗi");

        var errors = page.GetByRole(AriaRole.Table);
        var bad = errors.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "4", Exact = true }) });
        await Assertions.Expect(bad).ToContainTextAsync("kind");
        await Assertions.Expect(bad).ToContainTextAsync("Loại đơn vị không hợp lệ");
        await Assertions.Expect(bad).ToContainTextAsync("làng");
        await Assertions.Expect(errors.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Site.Screenshot(page, "import-good-rows");

        var ward = (await Children(site.District[District.DistrictName])).Single(u => (string)u!["name"]! == "Xã Thanh Thùy")!;
        Assert.Equal("10279", (string)ward["code"]!);
        var villages = await Children((string)ward["id"]!);
        Assert.Equal(["Thôn Thanh Thùy 1"], villages.Select(v => (string)v!["name"]!));
    }

    [Fact]
    public async Task A_file_with_a_wrong_heading_is_refused_in_words_that_name_the_missing_column()
    {
        await using var phone = await site.Phone();
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/import.html");
        await Site.SignIn(page, District.Organiser);

        await ImportPages.Choose(page, "sai-tieu-de.csv", "code,name,type,parent_code", $"10282,Xã Cao Viên,xã,{District.DistrictCode}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập dữ liệu", Exact = true }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToContainTextAsync("Không nhập được tệp");
        await Assertions.Expect(alert).ToContainTextAsync("Dòng tiêu đề (dòng 1) thiếu cột: kind.");
        await Assertions.Expect(alert).Not.ToContainTextAsync("{");
        // Nothing started, so there is no progress to show.
        await Assertions.Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        Assert.DoesNotContain(await Children(site.District[District.DistrictName]), u => (string)u!["name"]! == "Xã Cao Viên");
    }

    [Fact]
    public async Task An_official_importing_a_roster_all_or_nothing_imports_no_one_when_a_row_is_bad()
    {
        await using var desk = await site.Desk();
        var page = await desk.NewPageAsync();
        await page.GotoAsync("/import.html");
        await Site.SignIn(page, District.Official);

        // An official imports rosters only, and the page lists the ward's team ids for the team column.
        await Assertions.Expect(page.GetByLabel("Đơn vị hành chính, khu phố")).ToHaveCountAsync(0);
        var teamId = site.District[District.CuKheTeam];
        await Assertions.Expect(page.GetByText(teamId, new() { Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("Không nhập gì nếu có bất kỳ dòng nào lỗi").CheckAsync();
        var phone = District.NewPhone();
        await ImportPages.Choose(page, "to-cu-khe.csv", "team,name,phone,branch", $"{teamId},Phạm Văn Đức,{phone},Chi đoàn thôn Cự Đà", $"{teamId},Hoàng Thị Mai,12345,");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nhập dữ liệu", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Đã xử lý" })).ToContainTextAsync("Không nhập dòng nào vì có 1 dòng lỗi");
        var bad = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "3", Exact = true }) });
        await Assertions.Expect(bad).ToContainTextAsync("phone");
        await Assertions.Expect(bad).ToContainTextAsync("Số điện thoại không hợp lệ");

        var members = (await site.Api.Data("query($t: ID!) { team(id: $t) { volunteers { name } } }", new { t = teamId }))["team"]!["volunteers"]!.AsArray();
        Assert.DoesNotContain(members, v => (string)v!["name"]! == "Phạm Văn Đức");
    }

    private async Task<JsonArray> Children(string parentId) =>
        (await site.Api.Data("query($p: ID) { units(parentId: $p) { id name code } }", new { p = parentId }))["units"]!.AsArray();
}
