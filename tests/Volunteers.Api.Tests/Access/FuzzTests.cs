using System.Net;
using System.Text;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

/// <summary>
/// Random and broken documents and variables, from a fixed seed so a failure can be replayed. None may
/// answer 500, show a stack trace, or change a count.
/// </summary>
public sealed class FuzzTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Seed = 20250827;
    private const int Requests = 500;

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
            using var response = await caller.Http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType,
                $"request {i} answered {(int)response.StatusCode}: {body}");
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("INTERNAL", body, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await world.ReconcileWhenSettled(organiser)).ToJsonString());
    }

    private static string Body(Random random, World world)
    {
        var query = Mutate(random, Seeds[random.Next(Seeds.Length)]);
        var variables = random.Next(4) switch
        {
            0 => "null",
            1 => $"{{\"c\": {Value(random, world.CampaignId)}, \"v\": {Value(random, world.VolunteerIds[1][0])}, \"u\": {Value(random, world.WardIds[1])}, \"p\": {Value(random, world.DeskIds[1])}, \"t\": {Value(random, world.TeamIds[1])}, \"h\": {Value(random, "")}}}",
            2 => "[1, 2, {\"deep\": [[[[[]]]]]}]",
            _ => $"{{\"h\": {{\"recordId\": {Value(random, "r")}, \"service\": {Value(random, "account")}, \"channel\": \"DOOR_TO_DOOR\", \"outcome\": \"DONE\", \"minutes\": {Value(random, "5")}}}}}",
        };
        var json = $"{{\"query\": {System.Text.Json.JsonSerializer.Serialize(query)}, \"variables\": {variables}}}";
        return random.Next(8) == 0 ? json[..random.Next(json.Length)] : json;
    }

    private static string Mutate(Random random, string document)
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
                    text.Insert(at, Pieces[random.Next(Pieces.Length)]);
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
