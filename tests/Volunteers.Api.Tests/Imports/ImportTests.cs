using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Volunteers.Api.Access;
using Volunteers.Api.Imports;
using Volunteers.Places;
using Volunteers.Teams;
using Xunit.Abstractions;

namespace Volunteers.Tests.Imports;

public sealed class ImportTests(ApiFactory factory, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const string ImportUnits =
        "mutation($csv: String!, $mode: ImportMode!) { importUnits(csv: $csv, mode: $mode, wait: true) { total processed created matched done errors { line field code message } } }";

    private const string ImportVolunteers =
        "mutation($csv: String!, $mode: ImportMode!) { importVolunteers(csv: $csv, mode: $mode, wait: true) { total processed created matched done errors { line field code message } } }";

    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task An_import_with_bad_rows_names_each_one_and_importing_it_again_changes_nothing()
    {
        var p = Prefix();
        var (province, code) = await Province(_api);
        var (_, elsewhere) = await Province(factory.GraphQL());
        var csv = $"""
            code,name,kind,parent_code
            {p}278,Huyện Thanh Oai,huyện,{code}
            {p}9985,Xã Cự Khê,xã,{p}278
            {p}9985-1,Thôn Cự Đà,thôn,{p}9985
            ,Xã Không Mã,xã,{p}278
            {p}9986,Xã Lạ,vùng,{p}278
            {p}9987,Xã Mồ Côi,xã,{p}nope
            {p}9985,Xã Cự Khê lần hai,xã,{p}278
            {p}9988,Thôn Dưới Huyện,thôn,{p}278
            {p}279,Huyện Người Khác,huyện,{elsewhere}
            {p}02,Tỉnh Mới,tỉnh,
            """;

        var first = (await _api.Data(ImportUnits, new { csv, mode = "GOOD_ROWS" }))["importUnits"]!;
        var again = (await _api.Data(ImportUnits, new { csv, mode = "GOOD_ROWS" }))["importUnits"]!;

        Assert.Equal((10, 10, 3, 0, true), Progress(first));
        // An organiser builds under their own province only: another's province and a new top unit are refused.
        Assert.Equal(
            [(5, "code", "INVALID"), (6, "kind", "INVALID"), (7, "parent_code", "NOT_FOUND"), (8, "code", "DUPLICATE"), (9, "parent_code", "INVALID"),
                (10, "parent_code", "FORBIDDEN"), (11, "parent_code", "FORBIDDEN")],
            first["errors"]!.AsArray().Select(e => ((int)e!["line"]!, (string)e["field"]!, (string)e["code"]!)));
        Assert.Equal((10, 10, 0, 3, true), Progress(again));
        Assert.Equal(7, again["errors"]!.AsArray().Count);
        var ward = (await _api.Data("query($id: ID!) { unit(id: $id) { children { children { code children { code } } } } }", new { id = province }))
            ["unit"]!["children"]![0]!["children"]!.AsArray();
        Assert.Equal($"{p}9985-1", (string)Assert.Single(Assert.Single(ward)!["children"]!.AsArray())!["code"]!);
    }

    [Fact]
    public async Task All_or_nothing_leaves_nothing_behind_when_a_row_is_bad()
    {
        var p = Prefix();
        var (_, code) = await Province(_api);
        var good = $"code,name,kind,parent_code\n{p}01,Huyện Thử,district,{code}\n{p}02,Xã Thử,ward,{p}01\n";

        var refused = (await _api.Data(ImportUnits, new { csv = good + $"{p}03,Xã Sai,ward,{p}99\n", mode = "ALL_OR_NOTHING" }))["importUnits"]!;
        var afterwards = (await _api.Data(ImportUnits, new { csv = good, mode = "ALL_OR_NOTHING" }))["importUnits"]!;

        Assert.Equal((3, 3, 0, 0, true), Progress(refused));
        Assert.Equal((4, "parent_code"), ((int)refused["errors"]![0]!["line"]!, (string)refused["errors"]![0]!["field"]!));
        // Had the first import left anything, these would be matched rather than created.
        Assert.Equal((2, 2, 2, 0, true), Progress(afterwards));
    }

    [Fact]
    public async Task Sending_a_stopped_import_again_links_its_units_and_fills_the_roster_ids_it_left()
    {
        var p = Prefix();
        var (province, code) = await Province(_api);
        var grains = factory.Services.GetRequiredService<IGrainFactory>();
        // What an import leaves when it stops after writing a unit and before listing it on its parent.
        var districtId = Ids.New(Ids.Unit);
        await grains.GetGrain<IUnitDirectoryGrain>(0).ClaimCode($"{p}01", districtId);
        await grains.GetGrain<IUnitGrain>(districtId).CreateUnlinked(new NewUnit("Huyện Dừng", UnitKind.District, $"{p}01", province));
        var units = $"code,name,kind,parent_code\n{p}01,Huyện Dừng,district,{code}\n{p}02,Xã Dừng,ward,{p}01\n";

        var unitJob = (await _api.Data(ImportUnits, new { csv = units, mode = "GOOD_ROWS" }))["importUnits"]!;

        Assert.Equal((2, 2, 1, 1, true), Progress(unitJob));
        var district = (await _api.Data("query($id: ID!) { unit(id: $id) { children { id children { id code } } } }", new { id = province }))
            ["unit"]!["children"]!.AsArray().Single(u => (string)u!["id"]! == districtId)!;
        var wardId = (string)Assert.Single(district["children"]!.AsArray())!["id"]!;

        // What a roster import leaves when it stops after listing its volunteers and before writing them.
        var teamId = (string)(await _api.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ Dừng\") { id } }", new { w = wardId }))["createTeam"]!["id"]!;
        var vacant = Ids.New(Ids.Volunteer);
        await grains.GetGrain<ITeamGrain>(teamId).AddVolunteers([vacant]);
        // Until then the team lists the volunteers it has, not the id, and does not fail.
        Assert.Empty((await _api.Data("query($t: ID!) { team(id: $t) { volunteers { id } } }", new { t = teamId }))["team"]!["volunteers"]!.AsArray());
        var roster = $"team,name,phone,branch\n{teamId},Trần Thị Dừng,0912345699,\n{teamId},Trần Văn Mới,0912345698,\n";

        var rosterJob = (await _api.Data(ImportVolunteers, new { csv = roster, mode = "GOOD_ROWS" }))["importVolunteers"]!;

        Assert.Equal((2, 2, 2, 0, true), Progress(rosterJob));
        var team = (await grains.GetGrain<ITeamGrain>(teamId).Get())!;
        Assert.Equal(2, team.VolunteerIds.Length);
        Assert.Equal(vacant, team.VolunteerIds[0]);
        Assert.Equal("0912345699", (await grains.GetGrain<IVolunteerGrain>(vacant).Get())!.Phone);
    }

    [Fact]
    public void An_import_stopped_by_an_internal_error_names_the_rows_it_created_and_says_to_send_the_file_again()
    {
        var job = new ImportJob("imp-stopped", UnitImport.Kind, ImportMode.AllOrNothing, DateTimeOffset.UnixEpoch, new ImportOwner(null, new Target([])));
        foreach (var line in new[] { 5, 2, 3, 9, 4 })
        {
            job.Created(line);
        }

        job.Stopped(DateTimeOffset.UnixEpoch);

        var status = job.Status();
        Assert.True(status.Done);
        Assert.Contains("after creating the rows on lines 2-5, 9;", status.Failure, StringComparison.Ordinal);
        Assert.Contains("Send the same file again to complete it", status.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rosters_import_from_csv_and_xlsx_matching_volunteers_by_phone_within_the_team()
    {
        var world = await Core.World.Create(_api, start: false);
        var team = world.TeamIds[0];
        var csv = $"""
            team,name,phone,branch
            {team},Nguyễn Văn Bình,0912 345 601,Chi đoàn thôn
            {team},Trần Thị Lan,0912345602,
            {team},Lê Văn Sai Số,12345,
            t-doesnotexist1,Phạm Văn Lạc,0912345603,
            {team},Trần Thị Lan,0912345602,
            {team},,0912345604,
            """;

        var first = (await _api.Data(ImportVolunteers, new { csv, mode = "GOOD_ROWS" }))["importVolunteers"]!;
        var again = (await _api.Data(ImportVolunteers, new { csv, mode = "GOOD_ROWS" }))["importVolunteers"]!;
        using var sheet = new MemoryStream();
        sheet.SaveAs(new[]
        {
            new Dictionary<string, object> { ["team"] = team, ["name"] = "Trần Thị Lan", ["phone"] = 912345602L, ["branch"] = "" },
            new Dictionary<string, object> { ["team"] = team, ["name"] = "Hoàng Minh", ["phone"] = 912345605L, ["branch"] = "Chi đoàn xã" },
        }, excelType: ExcelType.XLSX);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(sheet.ToArray()), "file", "danh-sach.xlsx" } };
        using var upload = await _api.PostAsync("/import/volunteers?wait=true", form);
        var fromXlsx = JsonNode.Parse(await upload.Content.ReadAsStringAsync())!;
        var members = (await _api.Data("query($t: ID!) { team(id: $t) { volunteers { phone } } }", new { t = team }))["team"]!["volunteers"]!.AsArray();

        Assert.Equal((6, 6, 2, 0, true), Progress(first));
        Assert.Equal([(4, "phone"), (5, "team"), (6, "phone"), (7, "name")],
            first["errors"]!.AsArray().Select(e => ((int)e!["line"]!, (string)e["field"]!)));
        Assert.Equal((6, 6, 0, 2, true), Progress(again));
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        Assert.Equal((2, 2, 1, 1, true), Progress(fromXlsx));
        Assert.Equal(2 + 3, members.Count);
    }

    [Fact]
    public async Task A_plain_http_import_answers_at_once_and_its_progress_can_be_polled()
    {
        var p = Prefix();
        var (_, code) = await Province(_api);
        using var body = new StringContent($"code,name,kind,parent_code\n{p}01,Huyện Thử,district,{code}\n", Encoding.UTF8, "text/csv");
        using var started = await _api.PostAsync("/import/units?mode=ALL_OR_NOTHING", body);
        var job = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;

        var status = await WhenDone(_api, (string)job["id"]!);
        using var stranger = await factory.GraphQL().GetAsync($"/import/{(string)job["id"]!}");
        using var anonymous = await factory.CreateClient().GetAsync($"/import/{(string)job["id"]!}");

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("ALL_OR_NOTHING", (string)job["mode"]!);
        Assert.Equal((1, 1, 1, 0, true), Progress(status));
        var polled = (await _api.Data("query($id: ID!) { importStatus(id: $id) { processed total done errors { line } } }", new { id = (string)job["id"]! }))["importStatus"]!;
        Assert.Equal((1, 1, true), ((int)polled["processed"]!, (int)polled["total"]!, (bool)polled["done"]!));
        // Another province's organiser does not follow this import; without a token no one does.
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        var refusal = JsonNode.Parse(await stranger.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(("FORBIDDEN", "id"), ((string)refusal["code"]!, (string)refusal["field"]!));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("name,kind\nXã Thử,ward\n", "text/csv", "file")]
    [InlineData("code,name,kind,parent_code\n", "text/csv", "file")]
    [InlineData("{}", "application/json", "content-type")]
    public async Task A_file_that_cannot_be_imported_is_refused_naming_the_field(string content, string type, string field)
    {
        using var body = new StringContent(content, Encoding.UTF8);
        body.Headers.ContentType = new MediaTypeHeaderValue(type);

        using var response = await _api.PostAsync("/import/units", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["field"]!);
    }

    [Fact]
    public async Task A_large_file_of_communes_and_a_roster_import_completely_with_progress()
    {
        var p = Prefix();
        var units = new StringBuilder("code,name,kind,parent_code\n");
        var (province, code) = await Province(_api);
        for (var district = 0; district < 34; district++)
        {
            units.Append(System.Globalization.CultureInfo.InvariantCulture, $"{p}P{district:D2},Huyện {district},huyện,{code}\n");
        }
        // Large enough to run as a background job with progress; the full 3,321 communes and
        // 10,000 volunteers are a speed question, measured on demand, not in the tests.
        for (var commune = 0; commune < 300; commune++)
        {
            units.Append(System.Globalization.CultureInfo.InvariantCulture, $"{p}X{commune:D5},Xã {commune},xã,{p}P{commune % 34:D2}\n");
        }
        var clock = Stopwatch.StartNew();
        var unitJob = await Post("/import/units", units.ToString());
        var unitSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal((334, 334, 334, 0, true), Progress(unitJob));

        var wardIds = (await _api.Data("query($id: ID!) { unit(id: $id) { children { id code children { id } } } }", new { id = province }))["unit"]!["children"]!.AsArray()
            .Where(u => ((string?)u!["code"])?.StartsWith(p, StringComparison.Ordinal) == true)
            .SelectMany(u => u!["children"]!.AsArray().Select(c => (string)c!["id"]!)).Take(10).ToList();
        var teams = new List<string>();
        foreach (var ward in wardIds)
        {
            teams.Add((string)(await _api.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ CNSCĐ\") { id } }", new { w = ward }))["createTeam"]!["id"]!);
        }
        var roster = new StringBuilder("team,name,phone,branch\n");
        for (var i = 0; i < 1_000; i++)
        {
            roster.Append(System.Globalization.CultureInfo.InvariantCulture, $"{teams[i % teams.Count]},Tình nguyện viên {i},09{i:D8},Chi đoàn {i % 7}\n");
        }
        clock.Restart();
        var volunteerJob = await Post("/import/volunteers", roster.ToString());
        var volunteerSeconds = clock.Elapsed.TotalSeconds;

        output.WriteLine($"334 units: {unitSeconds:0.0} s; 1,000 volunteers in 10 teams: {volunteerSeconds:0.0} s");
        Assert.Equal((1_000, 1_000, 1_000, 0, true), Progress(volunteerJob));
    }

    private async Task<JsonNode> Post(string path, string csv)
    {
        using var body = new StringContent(csv, Encoding.UTF8, "text/csv");
        using var started = await _api.PostAsync(path, body);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return await WhenDone(_api, (string)JsonNode.Parse(await started.Content.ReadAsStringAsync())!["id"]!);
    }

    /// <summary>The signed-in organiser's province: its id, and its code, which files name as parent_code.</summary>
    private static async Task<(string Id, string Code)> Province(GraphQLClient api)
    {
        var id = (string)(await api.Data("{ me { scopeId } }"))["me"]!["scopeId"]!;
        return (id, (string)(await api.Data("query($id: ID!) { unit(id: $id) { code } }", new { id }))["unit"]!["code"]!);
    }

    private static async Task<JsonNode> WhenDone(GraphQLClient api, string id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            using var response = await api.GetAsync($"/import/{id}");
            var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if ((bool)status["done"]! || DateTime.UtcNow > deadline)
            {
                return status;
            }
            await Task.Delay(100);
        }
    }

    private static (int Total, int Processed, int Created, int Matched, bool Done) Progress(JsonNode job) =>
        ((int)job["total"]!, (int)job["processed"]!, (int)job["created"]!, (int)job["matched"]!, (bool)job["done"]!);

    /// <summary>Official codes are unique across the store; each test takes its own.</summary>
    private static string Prefix() => $"T{Guid.NewGuid():N}"[..9];
}
