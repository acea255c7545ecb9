using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Volunteers.Api.Live;

namespace Volunteers.Tests.Live;

public sealed class LiveApiFixture : IAsyncLifetime
{
    public ApiHost Host { get; } = new();

    public Task InitializeAsync()
    {
        // Starts the host, and its silo, before the first test.
        _ = Host.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class LiveApi : ICollectionFixture<LiveApiFixture>
{
    public const string Name = "Live api";
}

[Collection(LiveApi.Name)]
public sealed class LiveHubTests(LiveApiFixture fixture)
{
    private const string ScopeFields = "campaignId scopeId scopeKind version helps minutes averageMinutes "
        + "byService { key count } byChannel { key count } byOutcome { key count } volunteersOnDuty placesCovered "
        + "progress { service target done percent } byProcedure { key count } pending";

    /// <summary>The hub's counts field for field, the rows below the scope included, which come with the total.</summary>
    private const string CountsFields = ScopeFields + " children { " + ScopeFields + " }";

    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task A_hub_connection_ends_when_its_session_is_signed_out_and_when_its_token_expires()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        var signedOut = await Host.Session(Volunteers.Accounts.Role.Organiser, scenario.ProvinceId);
        var expiring = await Host.Session(Volunteers.Accounts.Role.Organiser, scenario.ProvinceId, issuedAgo: TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(2));
        await using var first = await Host.Live(signedOut.Token).Start();
        await using var second = await Host.Live(expiring.Token).Start();
        var closed = new[] { Closed(first), Closed(second) };
        await first.Subscribe(scenario.CampaignId);

        await Host.GraphQL(signedOut.Token, "mutation($t: String!) { signOut(refreshToken: $t) }", new { t = $"{signedOut.SessionId}.x" });

        Assert.Same(closed[0], await Task.WhenAny(closed[0], Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Same(closed[1], await Task.WhenAny(closed[1], Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Disconnected, first.Connection.State);
    }

    private static Task Closed(LiveClient client)
    {
        var closed = new TaskCompletionSource();
        client.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    [Fact]
    public async Task A_dashboard_gets_the_snapshot_graphql_shows_then_an_update_after_a_log()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        await scenario.CheckEveryoneIn();
        var ward = scenario.Wards[2];
        var volunteer = ward.Teams[0].VolunteerIds[0];
        await scenario.Day(volunteer).Log([CampaignScenario.Help("s1", "cashless", 30)]);
        await scenario.ReconcileWhenSettled();
        await using var dashboard = await Host.Live(await Host.Organiser(scenario)).Start();

        var snapshot = await dashboard.Subscribe(scenario.CampaignId, ward.Id);

        var graphQL = await Counts(scenario, ward.Id);
        Assert.Equal(graphQL.GetRawText(), JsonSerializer.Serialize(snapshot, JsonSerializerOptions.Web));
        Assert.Equal(1, snapshot.Helps);
        Assert.Equal(3, snapshot.VolunteersOnDuty);

        await scenario.Day(volunteer).Log([CampaignScenario.Help("s2", minutes: 15)]);

        var update = await dashboard.Until(ward.Id, c => c.Helps == 2);
        Assert.True(update.Counts.Version > snapshot.Version);
        Assert.Equal(45, update.Counts.Minutes);
        // Helps travel with the reports up the tree; one counted before the watch began may still trail in.
        var help = Assert.Single(dashboard.Updates.SelectMany(u => u.Recent), h => h.Service == "account");
        Assert.Equal(("account", ward.DeskId, ward.Teams[0].Id, ward.Id), (help.Service, help.PlaceId, help.TeamId, help.WardId));
    }

    [Fact]
    public async Task A_reconnected_dashboard_gets_a_fresh_snapshot()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        await scenario.CheckEveryoneIn();
        var volunteer = scenario.VolunteerIds.First();
        await using var dashboard = await Host.Live(await Host.Organiser(scenario)).Start();
        var first = await dashboard.Subscribe(scenario.CampaignId);
        Assert.Equal(0, first.Helps);

        await dashboard.Connection.StopAsync();
        await scenario.Day(volunteer).Log([CampaignScenario.Help("r1"), CampaignScenario.Help("r2")]);
        await scenario.ReconcileWhenSettled();
        await dashboard.Connection.StartAsync();
        var again = await dashboard.Subscribe(scenario.CampaignId);

        Assert.Equal(2, again.Helps);
        Assert.True(again.Version > first.Version);
        Assert.Equal((await Counts(scenario, null)).GetRawText(), JsonSerializer.Serialize(again, JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task After_a_thousand_logs_the_last_pushed_totals_equal_what_reconcile_counted()
    {
        var scenario = await CampaignScenario.Create(Host.Grains, teamsPerWard: 2, volunteersPerTeam: 5);
        await scenario.CheckEveryoneIn();
        await using var dashboard = await Host.Live(await Host.Organiser(scenario)).Start();
        await dashboard.Subscribe(scenario.CampaignId);
        var ward = scenario.Wards[0];
        await dashboard.Subscribe(scenario.CampaignId, ward.Id);
        string[] services = ["account", "cashless", "scan", "digital-skills"];
        var volunteers = scenario.VolunteerIds.ToList();

        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await scenario.Day(volunteers[i % volunteers.Count]).Log([CampaignScenario.Help($"k{i}", services[i % services.Length], i % 60)]));

        var last = await dashboard.Until(scenario.CampaignId, c => c.Helps == 1000);
        // Every push, in the middle of the burst too, carries the rows below with the very total they add up to.
        Assert.All(dashboard.Updates, u => Assert.Equal(u.Counts.Helps, u.Counts.Children!.Value.Sum(c => c.Helps)));
        var reconcile = (await Host.GraphQL(await Host.Organiser(scenario), "query($c: ID!) { reconcile(campaignId: $c) { exact records } }", new { c = scenario.CampaignId }))
            .GetProperty("reconcile");
        Assert.True(reconcile.GetProperty("exact").GetBoolean());
        Assert.Equal(1000, reconcile.GetProperty("records").GetInt32());
        Assert.Equal((await Counts(scenario, null)).GetRawText(), JsonSerializer.Serialize(last.Counts, JsonSerializerOptions.Web));
        // The ward's pushes come on their own, and its last can land after the campaign's (CI on c0d4d42 read the one
        // before it): what is final is the ward's counted version, and a push must arrive carrying exactly it.
        var wardCounts = await Counts(scenario, ward.Id);
        var wardLast = await dashboard.Until(ward.Id, c => c.Version == wardCounts.GetProperty("version").GetInt64());
        Assert.Equal(wardCounts.GetRawText(), JsonSerializer.Serialize(wardLast.Counts, JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task A_volunteer_or_an_unknown_scope_is_refused_by_code()
    {
        var scenario = await CampaignScenario.Create(Host.Grains);
        await using var dashboard = await Host.Live(await Host.Organiser(scenario)).Start();

        var volunteer = await Assert.ThrowsAsync<HubException>(() => dashboard.Subscribe(scenario.CampaignId, scenario.VolunteerIds.First()));
        var unknown = await Assert.ThrowsAsync<HubException>(() => dashboard.Subscribe(scenario.CampaignId, "u-nowhere123"));

        Assert.Contains("INVALID: A volunteer's counts", volunteer.Message, StringComparison.Ordinal);
        Assert.Contains("INVALID: 'u-nowhere123'", unknown.Message, StringComparison.Ordinal);
    }

    private async Task<JsonElement> Counts(CampaignScenario scenario, string? scopeId) =>
        (await Host.GraphQL(await Host.Organiser(scenario), $"query($c: ID!, $s: ID) {{ counts(campaignId: $c, scopeId: $s) {{ {CountsFields} }} }}", new { c = scenario.CampaignId, s = scopeId }))
            .GetProperty("counts");
}
