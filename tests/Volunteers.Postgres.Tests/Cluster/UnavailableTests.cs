using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Volunteers.Tests.Cluster;

/// <summary>
/// A fault of the platform must read as one: a phone retries UNAVAILABLE by itself, while a refusal is
/// set aside for the volunteer. Here the database really goes down under a cluster of processes.
/// </summary>
public sealed class UnavailableTests
{
    private const string CheckOut = """
        mutation($c: ID!, $v: ID!, $at: DateTimeOffset!) { checkOut(campaignId: $c, volunteerId: $v, at: $at, tapId: "out-during-outage") { checkedOutAt } }
        """;

    [Fact]
    public async Task A_check_out_while_the_database_is_down_answers_503_UNAVAILABLE_and_its_resend_is_taken_once()
    {
        var server = await PostgresServer.Shared;
        await using var cluster = await ProcessCluster.StartAsync(server, silos: 1);
        using var graph = await cluster.OrganiserAsync("Thành phố Thử");
        var campaign = await ClusterCampaign.CreateAsync(graph, 1);
        var volunteerId = campaign.VolunteerIds[0];
        using var phone = new HttpClient { BaseAddress = cluster.Api.Address, Timeout = TimeSpan.FromSeconds(60) };
        phone.DefaultRequestHeaders.Authorization = new("Bearer", campaign.Tokens[volunteerId]);
        var tappedAt = DateTimeOffset.UtcNow;
        var variables = new { c = campaign.CampaignId, v = volunteerId, at = tappedAt };

        await server.StopAsync();
        JsonElement duringOutage;
        HttpResponseMessage outage;
        JsonElement signInDuringOutage;
        var answeredIn = Stopwatch.StartNew();
        try
        {
            outage = await phone.PostAsJsonAsync("/graphql", new { query = CheckOut, variables });
            duringOutage = await outage.Content.ReadFromJsonAsync<JsonElement>();
            // A login no one has used activates its account grain, whose state read fails before any call filter runs.
            using var signIn = await phone.PostAsJsonAsync("/graphql", new
            {
                query = "mutation($p: String!) { signInVolunteer(phone: $p, pin: \"123456\") { accessToken } }",
                variables = new { p = $"09{Random.Shared.Next(10_000_000, 99_999_999)}" },
            });
            signInDuringOutage = await signIn.Content.ReadFromJsonAsync<JsonElement>();
            answeredIn.Stop();
        }
        finally
        {
            await server.StartAgainAsync();
        }
        var resent = await SendUntilAnsweredAsync(phone, variables);
        var again = await phone.PostAsJsonAsync("/graphql", new { query = CheckOut, variables });
        var shifts = await graph.SendAsync("query($v: ID!, $c: ID!) { volunteer(id: $v) { shifts(campaignId: $c) { checkedOutAt } } }",
            new { v = volunteerId, c = campaign.CampaignId }, campaign.Tokens[volunteerId]);

        Assert.True(outage.StatusCode == HttpStatusCode.ServiceUnavailable, $"{outage.StatusCode}: {duringOutage}");
        Assert.NotNull(outage.Headers.RetryAfter);
        Assert.Equal("UNAVAILABLE", duringOutage.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.DoesNotContain("Npgsql", duringOutage.ToString(), StringComparison.Ordinal);
        Assert.Equal("UNAVAILABLE", signInDuringOutage.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.DoesNotContain("Npgsql", signInDuringOutage.ToString(), StringComparison.Ordinal);
        // Well inside Orleans' 30 s response timeout: the silo said so, rather than the api giving up waiting.
        Assert.True(answeredIn.Elapsed < TimeSpan.FromSeconds(10), $"answered in {answeredIn.Elapsed}");
        var checkedOutAt = resent.GetProperty("data").GetProperty("checkOut").GetProperty("checkedOutAt").GetDateTimeOffset();
        Assert.Equal(tappedAt.ToUnixTimeMilliseconds(), checkedOutAt.ToUnixTimeMilliseconds());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var shift = Assert.Single(shifts.GetProperty("volunteer").GetProperty("shifts").EnumerateArray());
        Assert.Equal(checkedOutAt, shift.GetProperty("checkedOutAt").GetDateTimeOffset());
    }

    /// <summary>What the phone's outbox does: resends while the platform says it is unavailable, never a different request.</summary>
    private static async Task<JsonElement> SendUntilAnsweredAsync(HttpClient phone, object variables)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await phone.PostAsJsonAsync("/graphql", new { query = CheckOut, variables });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                Assert.False(body.TryGetProperty("errors", out var errors), errors.ToString());
                return body;
            }
            await Task.Delay(500);
        }
    }
}
