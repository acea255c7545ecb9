using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniExcelLibs;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

/// <summary>
/// Random and broken documents and variables, from a fixed seed so a failure can be replayed. None may
/// answer 500, show a stack trace, or change a count.
/// </summary>
public sealed class FuzzTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Seed = 20250827;
    private const int Requests = 3_000;
    private const int Imports = 1_500;

    private static readonly string[] Seeds =
    [
        "{ campaigns { id name counts { helps children { scopeId helps } } } }",
        "query($c: ID!) { counts(campaignId: $c) { helps byService { key count } } }",
        "mutation($c: ID!, $v: ID!, $h: HelpInput!) { logHelp(campaignId: $c, volunteerId: $v, help: $h) { recordId } }",
        "mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) { logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId error { code } } }",
        "mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
        "query($u: ID!) { unit(id: $u) { children { teams { volunteers { phone } } } } }",
        "mutation { signIn(username: \"x\", password: \"y\") { accessToken } }",
        "mutation { joinTeam(inviteCode: \"t-a.b\", name: \"n\", phone: \"p\", pin: \"1\") { accessToken } }",
    ];

    private static readonly string[] Pieces =
        ["{", "}", "(", ")", "$", "!", ":", "\"", "\\u0000", "...", "__schema", "fragment", "on", "@skip", "mutation", "null", "[", "]", "#", "\u1EA1", "\uD83D"];

    [Fact]
    public async Task Random_and_malformed_requests_get_clear_refusals_and_change_nothing()
    {
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser);
        var volunteer = world.Volunteer(organiser, world.VolunteerIds[0][0]);
        await world.CheckIn(organiser, world.VolunteerIds[0][0], world.DeskIds[0]);
        await world.Log(organiser, world.VolunteerIds[0][0], World.Help("fuzz-kept"));
        var before = (await world.ReconcileWhenSettled(organiser)).ToJsonString();
        var random = new Random(Seed);
        var callers = new[] { factory.Anonymous(), volunteer, organiser };

        for (var i = 0; i < Requests; i++)
        {
            var caller = callers[random.Next(callers.Length)];
            using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent(Body(random, world), Encoding.UTF8, random.Next(10) == 0 ? "text/plain" : "application/json"),
            };
            if (caller != callers[0])
            {
                request.Headers.Authorization = new("Bearer", await caller.AccessToken());
            }
            Headers(random, request);
            using var response = await caller.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType
                    or HttpStatusCode.NotAcceptable or HttpStatusCode.Unauthorized,
                $"request {i} answered {(int)response.StatusCode}: {body}");
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("INTERNAL", body, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await world.ReconcileWhenSettled(organiser)).ToJsonString());
    }

    [Theory]
    [InlineData("{\"query\": \"{ campaigns { id } }\", \"variables\": {\"x\": \"\\ud800\"}}")]
    [InlineData("{\"query\": \"{ campaigns(\\udc00) { id } }\"}")]
    [InlineData("{\"query\": \"{ campaigns { id } }\", \"operationName\": \"\\ud83d\"}")]
    public async Task A_lone_surrogate_escape_is_a_bad_request(string body)
    {
        using var response = await factory.Anonymous().Http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("surrogate", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_is_not_utf8_is_a_bad_request()
    {
        byte[] body = [.. "{\"query\": \"{ campaigns(x: \\\""u8.ToArray(), 0xFF, 0xC3, 0x28, .. "\\\") { id } }\"}"u8.ToArray()];
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };

        using var response = await factory.Anonymous().Http.PostAsync("/graphql", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not UTF-8", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Random_and_broken_import_files_are_refused_clearly_and_a_refused_one_writes_nothing()
    {
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser, start: false);
        var team = (string)(await organiser.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ thử\") { id } }", new { w = world.WardIds[0] }))["createTeam"]!["id"]!;
        var csv = $"team,name,phone,branch\n{team},Nguyễn Văn \"\"An\"\",0912000001,Chi đoàn\n\"{team}\",\"Lê, Bình\",0912000002\n{team},Trần Lan,0912000003,\n";
        using var sheet = new MemoryStream();
        sheet.SaveAs(new[] { new Dictionary<string, object> { ["team"] = team, ["name"] = "Hoàng Minh", ["phone"] = "0912000004", ["branch"] = "" } }, excelType: ExcelType.XLSX);
        var xlsx = sheet.ToArray();
        var random = new Random(Seed);
        var members = await Members(organiser, team);

        for (var i = 0; i < Imports; i++)
        {
            var isXlsx = random.Next(5) == 0;
            var bytes = isXlsx ? Corrupt(random, xlsx) : Encoding.UTF8.GetBytes(Mutate(random, csv, CsvPieces));
            if (!isXlsx && random.Next(10) == 0)
            {
                bytes = Corrupt(random, bytes);
            }
            using var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new(isXlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv");
            using var response = await organiser.PostAsync("/import/volunteers?wait=true&mode=ALL_OR_NOTHING", content);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"import {i} answered {(int)response.StatusCode}: {body}");
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            var created = response.StatusCode == HttpStatusCode.OK ? (int)JsonNode.Parse(body)!["created"]! : 0;
            if (created == 0)
            {
                Assert.Equal(members, await Members(organiser, team));
            }
            members = created == 0 ? members : await Members(organiser, team);
        }
    }

    private static readonly string[] CsvPieces = ["\"", ",", "\n", "\r", "\r\n", "\"\"", "\u0000", "\u202E", "=1+1", "\uFEFF", "\uD800", "team", ",,,,,,"];

    private static async Task<int> Members(GraphQLClient api, string team) =>
        (await api.Data("query($t: ID!) { team(id: $t) { volunteers { id } } }", new { t = team }))["team"]!["volunteers"]!.AsArray().Count;

    private static byte[] Corrupt(Random random, byte[] bytes)
    {
        var copy = (byte[])bytes.Clone();
        for (var flips = random.Next(1, 6); flips > 0; flips--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }
        return random.Next(6) == 0 ? copy[..random.Next(copy.Length)] : copy;
    }

    /// <summary>Odd but legal headers, and some that are not: none may turn a request into a 500.</summary>
    private static void Headers(Random random, HttpRequestMessage request)
    {
        switch (random.Next(8))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Accept", random.Next(2) == 0 ? "application/graphql-response+json;q=0, */*;q=0.1" : "text/html;;;q=x");
                break;
            case 1:
                request.Headers.Authorization = new("Bearer", random.Next(2) == 0 ? "not.a.token" : new string('a', random.Next(1, 4000)));
                break;
            case 2:
                request.Content!.Headers.Remove("Content-Type");
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=latin1");
                break;
            case 3:
                request.Headers.TryAddWithoutValidation("X-Forwarded-For", "999.1.1.1, ::zz");
                break;
            default:
                break;
        }
    }

    private static string Body(Random random, World world)
    {
        var query = Mutate(random, Seeds[random.Next(Seeds.Length)], Pieces);
        var variables = random.Next(4) switch
        {
            0 => "null",
            1 => $"{{\"c\": {Value(random, world.CampaignId)}, \"v\": {Value(random, world.VolunteerIds[1][0])}, \"u\": {Value(random, world.WardIds[1])}, \"p\": {Value(random, world.DeskIds[1])}, \"t\": {Value(random, world.TeamIds[1])}, \"h\": {Value(random, "")}}}",
            2 => "[1, 2, {\"deep\": [[[[[]]]]]}]",
            _ => $"{{\"h\": {{\"recordId\": {Value(random, "r")}, \"service\": {Value(random, "account")}, \"channel\": \"DOOR_TO_DOOR\", \"outcome\": \"DONE\", \"minutes\": {Value(random, "5")}}}}}",
        };
        var json = $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(query)}, \"variables\": {variables}}}";
        if (random.Next(10) == 0)
        {
            // A lone surrogate escaped, which UTF-8 text cannot carry.
            json = json.Replace("\"x", "\"\\udc01x", StringComparison.Ordinal).Replace("{\"", "{\"\\ud800", StringComparison.Ordinal);
        }
        return random.Next(8) == 0 ? json[..random.Next(json.Length)] : json;
    }

    private static string Mutate(Random random, string document, string[] pieces)
    {
        var text = new StringBuilder(document);
        for (var edits = random.Next(4); edits > 0 && text.Length > 0; edits--)
        {
            var at = random.Next(text.Length);
            switch (random.Next(3))
            {
                case 0:
                    text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
                    break;
                case 1:
                    text.Insert(at, pieces[random.Next(pieces.Length)]);
                    break;
                default:
                    text[at] = (char)random.Next(32, 127);
                    break;
            }
        }
        return text.ToString();
    }

    private static string Value(Random random, string id) => random.Next(7) switch
    {
        0 => System.Text.Json.JsonSerializer.Serialize(id),
        1 => "null",
        2 => "-1",
        3 => System.Text.Json.JsonSerializer.Serialize(new string('x', random.Next(1, 5000))),
        4 => "{\"nested\": [1, \"a\", null]}",
        5 => "1e308",
        _ => System.Text.Json.JsonSerializer.Serialize($"{id}'; DROP TABLE help_record; --"),
    };
}
