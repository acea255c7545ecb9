using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;

namespace Volunteers.Tests.Imports;

/// <summary>Broken CSV and hostile XLSX files answer 400 with where and why, and write nothing.</summary>
public sealed class MalformedFileTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Theory]
    [InlineData("team,name,phone,branch\n{team},Lan,0912000001,a,b\n", "line 2, column 5", "beyond the heading")]
    [InlineData("team,name,phone,branch\n{team},Lan,0912000001,\"a\n", "line 2, column", "never closed")]
    [InlineData("team,name,phone,branch\n{team},La\"n,0912000001,\n", "line 2, column", "inside an unquoted cell")]
    [InlineData("team,name,phone,branch\n{team},\"Lan\"x,0912000001,\n", "line 2, column", "follows the closing quote")]
    public async Task A_broken_csv_is_refused_with_its_line_column_and_reason(string csv, string where, string why)
    {
        var team = await Team();
        var (status, error) = await Import("/import/volunteers?wait=true", Csv(csv.Replace("{team}", team, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("file", (string)error!["field"]!);
        Assert.Contains(where, (string)error["message"]!, StringComparison.Ordinal);
        Assert.Contains(why, (string)error["message"]!, StringComparison.Ordinal);
        Assert.Equal(0, await Members(team));
    }

    [Fact]
    public async Task Bytes_that_are_not_utf8_are_refused_with_their_line()
    {
        var team = await Team();
        var bytes = Encoding.UTF8.GetBytes($"team,name,phone\n{team},Lan,0912000001\n{team},").Concat(new byte[] { 0xC3, 0x28 }).Concat("x,0912000002\n"u8.ToArray()).ToArray();
        var (status, error) = await Import("/import/volunteers?wait=true", new ByteArrayContent(bytes) { Headers = { ContentType = new("text/csv") } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("line 3", (string)error!["message"]!, StringComparison.Ordinal);
        Assert.Equal(0, await Members(team));
    }

    [Fact]
    public async Task Rows_that_leave_out_the_optional_trailing_branch_are_imported()
    {
        var team = await Team();
        var (status, job) = await Import("/import/volunteers?wait=true",
            Csv($"team,name,phone,branch\r\n{team},Lan,0912000001\r\n{team},\"Bình, \"\"Út\"\"\",0912000002,Chi đoàn\r\n\r\n"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, (int)job!["created"]!);
        Assert.Equal(2, await Members(team));
    }

    [Fact]
    public async Task A_short_row_lacking_a_required_cell_is_refused_on_its_line()
    {
        var team = await Team();
        var (status, job) = await Import("/import/volunteers?wait=true", Csv($"team,name,phone\n{team},Lan\n"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal((2, "phone"), ((int)job!["errors"]![0]!["line"]!, (string)job["errors"]![0]!["field"]!));
        Assert.Equal(0, await Members(team));
    }

    [Fact]
    public async Task An_xlsx_cell_of_millions_of_characters_is_refused_while_reading()
    {
        var team = await Team();
        using var sheet = new MemoryStream();
        sheet.SaveAs(new[] { new Dictionary<string, object> { ["team"] = team, ["name"] = new string('x', 5_000_000), ["phone"] = "0912000001" } }, excelType: ExcelType.XLSX);
        var before = GC.GetTotalAllocatedBytes();

        var (status, error) = await Import("/import/volunteers?wait=true", Xlsx(sheet.ToArray()));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("more than 1000 characters", (string)error!["message"]!, StringComparison.Ordinal);
        // Holding the cell as a string alone would take 10 MB; streaming it takes a few buffers.
        Assert.True(GC.GetTotalAllocatedBytes() - before < 40_000_000, $"{(GC.GetTotalAllocatedBytes() - before) / 1_000_000} MB allocated");
        Assert.Equal(0, await Members(team));
    }

    [Fact]
    public async Task A_workbook_that_unpacks_beyond_the_limit_is_refused()
    {
        var team = await Team();
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var part = zip.CreateEntry("xl/media/padding.bin", CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 80; i++)
            {
                await part.WriteAsync(zeros);
            }
        }
        Assert.True(bomb.Length < 1024 * 1024);

        var (status, error) = await Import("/import/volunteers?wait=true", Xlsx(bomb.ToArray()));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("unpacks to more than", (string)error!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused()
    {
        var (status, error) = await Import("/import/units?wait=true", Xlsx("PK\u0003\u0004 not a zip"u8.ToArray()));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("file", (string)error!["field"]!);
    }

    private static StringContent Csv(string csv) => new(csv, Encoding.UTF8, "text/csv");

    private static ByteArrayContent Xlsx(byte[] bytes) => new(bytes) { Headers = { ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") } };

    private async Task<(HttpStatusCode Status, JsonNode? Body)> Import(string path, HttpContent content)
    {
        using (content)
        {
            using var response = await _api.PostAsync(path, content);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(text.StartsWith('{'), $"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 600)]}");
            var body = JsonNode.Parse(text);
            Assert.DoesNotContain("   at ", body!.ToJsonString(), StringComparison.Ordinal);
            return (response.StatusCode, response.IsSuccessStatusCode ? body : body["error"]);
        }
    }

    /// <summary>An empty team, so what a refused file wrote would show.</summary>
    private async Task<string> Team()
    {
        var world = await Core.World.Create(_api, start: false);
        return (string)(await _api.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ mới\") { id } }", new { w = world.WardIds[0] }))["createTeam"]!["id"]!;
    }

    private async Task<int> Members(string team) =>
        (await _api.Data("query($t: ID!) { team(id: $t) { volunteers { id } } }", new { t = team }))["team"]!["volunteers"]!.AsArray().Count;
}
