using System.Net.Http.Json;
using System.Text.Json;

namespace Volunteers.Tests.Cluster;

/// <summary>GraphQL over HTTP as the web app and the phones speak it, with a bearer token as they send it.</summary>
public sealed class GraphClient(Uri api) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) };
    private string? _accessToken;

    public async Task SignInAsync(string username, string password) =>
        _accessToken = (await SendAsync("mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { accessToken } }",
            new { u = username, p = password })).GetProperty("signIn").GetProperty("accessToken").GetString();

    /// <summary>
    /// The <c>data</c> of a successful answer; any error, transport or GraphQL, throws. Sent with the signed-in
    /// token, or <paramref name="asToken"/> where a phone acts with its volunteer's own.
    /// </summary>
    public async Task<JsonElement> SendAsync(string query, object? variables = null, string? asToken = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/graphql", UriKind.Relative)) { Content = JsonContent.Create(new { query, variables }) };
        if ((asToken ?? _accessToken) is { } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (body.TryGetProperty("errors", out var errors))
        {
            throw new GraphErrorException(errors.ToString());
        }
        response.EnsureSuccessStatusCode();
        return body.GetProperty("data");
    }

    public void Dispose() => _http.Dispose();
}

public sealed class GraphErrorException(string errors) : Exception(errors);

/// <summary>
/// One ward with a desk and a team of volunteers checked in there, in a running campaign, made
/// through the api the way an organiser would, in their province; the volunteers joined with the
/// team's invite and act with their own tokens.
/// </summary>
public sealed record ClusterCampaign(string CampaignId, IReadOnlyList<string> VolunteerIds, IReadOnlyDictionary<string, string> Tokens)
{
    public static async Task<ClusterCampaign> CreateAsync(GraphClient graph, int volunteers)
    {
        var provinceId = (await graph.SendAsync("{ me { scopeId } }")).GetProperty("me").GetProperty("scopeId").GetString()!;
        var units = await graph.SendAsync("""
            mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id } }
            """, new
        {
            inputs = new object[]
            {
                new { name = "Phường Một", kind = "WARD", key = "w", parentId = provinceId },
                new { name = "Bộ phận một cửa", kind = "DESK", parentKey = "w" },
            },
        });
        var wardId = units.GetProperty("createUnits")[0].GetProperty("id").GetString()!;
        var deskId = units.GetProperty("createUnits")[1].GetProperty("id").GetString()!;
        var teamId = (await graph.SendAsync("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ một\") { id } }", new { w = wardId }))
            .GetProperty("createTeam").GetProperty("id").GetString()!;
        var invite = (await graph.SendAsync("query($t: ID!) { teamInvite(teamId: $t) { code } }", new { t = teamId }))
            .GetProperty("teamInvite").GetProperty("code").GetString()!;
        var tokens = new Dictionary<string, string>();
        for (var i = 0; i < volunteers; i++)
        {
            var session = (await graph.SendAsync("""
                mutation($code: String!, $n: String!, $p: String!) { joinTeam(inviteCode: $code, name: $n, phone: $p, pin: "135792") { accessToken account { scopeId } } }
                """, new { code = invite, n = $"TNV {i}", p = $"0912{i:D6}" })).GetProperty("joinTeam");
            tokens[session.GetProperty("account").GetProperty("scopeId").GetString()!] = session.GetProperty("accessToken").GetString()!;
        }
        var volunteerIds = tokens.Keys.ToList();
        var campaignId = (await graph.SendAsync("""
            mutation($w: ID!) { createCampaign(input: { name: "Ngày chuyển đổi số", date: "2026-08-27", startsAt: "07:30:00", endsAt: "17:00:00", wardIds: [$w] }) { id } }
            """, new { w = wardId })).GetProperty("createCampaign").GetProperty("id").GetString()!;
        await graph.SendAsync("mutation($c: ID!) { startCampaign(id: $c) { id } }", new { c = campaignId });
        await graph.SendAsync("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
            new { c = campaignId, p = deskId, t = teamId });
        foreach (var volunteerId in volunteerIds)
        {
            await graph.SendAsync("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
                new { c = campaignId, v = volunteerId, p = deskId }, tokens[volunteerId]);
        }
        return new ClusterCampaign(campaignId, volunteerIds, tokens);
    }
}
