using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using Volunteers.Api;
using Volunteers.Api.Reports;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Reports;

/// <summary>What a report looks like to the person filing it: its rows, its times, its file name, its sheet.</summary>
public sealed class ReportLayoutTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task The_organisers_report_lists_the_wards_with_a_subtotal_per_district_follow_ups_and_procedures_in_vietnam_time()
    {
        var (_, campaignId, baDinh) = await TwoDistricts();
        var before = DateTimeOffset.UtcNow;

        using var response = await _api.GetAsync($"/reports/{campaignId}.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csv = Csv.Parse(await response.Content.ReadAsStringAsync());
        var (header, lines, total) = csv.Table("Đơn vị");
        Assert.Equal(["Xã Bích Hòa", "Xã Cự Khê", "Cộng Huyện Thanh Oai", "Phường Ba Đình", "Cộng Quận Ba Đình"], lines.Select(l => l[0]));
        string Cell(string[] row, string column) => row[Array.IndexOf(header, column)];
        Assert.Equal(["0", "2", "2", "0", "0"], lines.Select(l => Cell(l, "Lượt hỗ trợ")));
        Assert.Equal(["0", "1", "1", "0", "0"], lines.Select(l => Cell(l, "Cần hỗ trợ tiếp")));
        Assert.Equal(["0", "1", "1", "0", "0"], lines.Select(l => Cell(l, "Thủ tục: Đăng ký khai sinh")));
        Assert.Equal(("Tổng cộng", "2", "1", "1", "1"),
            (total[0], Cell(total, "Lượt hỗ trợ"), Cell(total, "Cần hỗ trợ tiếp"), Cell(total, "Hoàn thành"), Cell(total, "Thủ tục: Đăng ký khai sinh")));
        Assert.Equal("0", Cell(total, "Thủ tục: Xác nhận tình trạng hôn nhân"));

        // The moment of the figures is Vietnam's, as the people who file the report read their clocks.
        var at = DateTimeOffset.ParseExact(csv.Heading("Số liệu lúc").Replace(" (UTC+7)", " +07:00", StringComparison.Ordinal),
            "HH:mm:ss dd/MM/yyyy zzz", CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.EndsWith("(UTC+7)", csv.Heading("Số liệu lúc"), StringComparison.Ordinal);

        var day = VietnamTime.Of(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal($"bao-cao-ngay-chot-so-lieu-{day}.csv", response.Content.Headers.ContentDisposition!.FileName);
        using var ward = await _api.GetAsync($"/reports/{campaignId}.xlsx?scope={baDinh}&lang=en");
        Assert.Equal($"report-phuong-ba-dinh-{day}.xlsx", ward.Content.Headers.ContentDisposition!.FileName);

        using var chart = await _api.GetAsync($"/reports/{campaignId}/progress.svg");
        var svg = await chart.Content.ReadAsStringAsync();
        Assert.Contains(">Cần hỗ trợ tiếp: 1</text>", svg, StringComparison.Ordinal);
        Assert.Contains(">Thủ tục: Đăng ký khai sinh 1</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sheet_freezes_the_column_headings_and_the_names_not_the_title()
    {
        var (_, campaignId, _) = await TwoDistricts();

        using var response = await _api.GetAsync($"/reports/{campaignId}.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var sheet = new MemoryStream(bytes);
        var rows = sheet.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        var headings = rows.FindIndex(r => Equals(r[0], "Đơn vị"));
        Assert.Equal("Báo cáo cuối ngày", rows[0][0]);
        using var zip = new ZipArchive(new MemoryStream(bytes));
        using var reader = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var pane = Regex.Match(await reader.ReadToEndAsync(), "<(?:x:)?pane [^>]*>");
        Assert.True(pane.Success, "the sheet has no frozen pane");
        // Everything down to the headings row stays in view, and the first line of figures is the first to scroll.
        Assert.Contains($"ySplit=\"{headings + 1}\"", pane.Value, StringComparison.Ordinal);
        Assert.Contains($"topLeftCell=\"B{headings + 2}\"", pane.Value, StringComparison.Ordinal);
        Assert.Contains("state=\"frozen\"", pane.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Phường Ba Đình", "phuong-ba-dinh")]
    [InlineData("Thành phố Hà Nội", "thanh-pho-ha-noi")]
    [InlineData("Xã Cự Khê", "xa-cu-khe")]
    [InlineData("ĐOÀN  Thanh niên / 2026", "doan-thanh-nien-2026")]
    [InlineData("«»", "")]
    public void A_file_name_spells_the_unit_without_diacritics(string name, string slug) => Assert.Equal(slug, ReportFileName.Slug(name));

    /// <summary>
    /// The world's district and a second one with a ward of its own, in a running campaign of all three wards,
    /// where a volunteer of Cự Khê helped twice: a birth registration needing follow-up and an account done.
    /// </summary>
    private async Task<(World World, string CampaignId, string BaDinh)> TwoDistricts()
    {
        var world = await World.Create(_api);
        var units = (await _api.Data("mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id } }", new
        {
            inputs = new object[]
            {
                new { key = "d", parentId = world.ProvinceId, name = "Quận Ba Đình", kind = "DISTRICT" },
                new { parentKey = "d", name = "Phường Ba Đình", kind = "WARD" },
            },
        }))["createUnits"]!.AsArray().Select(u => (string)u!["id"]!).ToArray();
        var campaignId = (string)(await _api.Data("mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }", new
        {
            input = new { name = "Ngày chốt số liệu", date = "2026-12-04", startsAt = "07:30:00", endsAt = "17:00:00", wardIds = new[] { world.WardIds[0], world.WardIds[1], units[1] } },
        }))["createCampaign"]!["id"]!;
        await _api.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
            new { c = campaignId, p = world.DeskIds[0], t = world.TeamIds[0] });
        await _api.Data("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = campaignId });
        var day = world with { CampaignId = campaignId };
        var volunteer = world.VolunteerIds[0][0];
        await day.CheckIn(_api, volunteer, world.DeskIds[0]);
        Assert.Empty((await day.Log(_api, volunteer, new
        {
            recordId = "ks-1", service = "online-application", procedure = "BIRTH_REGISTRATION", channel = "ONE_STOP_DESK", outcome = "FOLLOW_UP", minutes = 20,
        })).Errors);
        Assert.Empty((await day.Log(_api, volunteer, World.Help("tk-1"))).Errors);
        var reconcile = await day.ReconcileWhenSettled(_api);
        Assert.True((bool)reconcile["exact"]!, reconcile.ToJsonString());
        return (world, campaignId, units[1]);
    }
}
