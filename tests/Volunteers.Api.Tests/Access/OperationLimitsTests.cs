using System.Text.Json.Nodes;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

/// <summary>Limits count operations, aliases and records, not requests (issue 17, finding 7).</summary>
public sealed class OperationLimitsTests
{
    private const string LogHelps = "logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId receipt { duplicate } }";

    [Fact]
    public async Task Each_record_of_a_batch_counts_against_the_records_budget_and_the_refusal_says_when_to_retry()
    {
        await using var factory = new ApiFactory { Settings = { ["Auth:RecordBurst"] = "100", ["Auth:RecordsPerSecond"] = "1" } };
        var (world, volunteer) = await Volunteer(factory);

        var first = await Send(factory, world, volunteer, "ok", 1, 60);
        var second = await Send(factory, world, volunteer, "flood", 1, 60);

        Assert.Empty(first.Errors);
        var refusal = second.Errors[0]!;
        Assert.Equal(("RATE_LIMITED", "Mutation.logHelps"), ((string?)refusal["extensions"]!["code"], (string?)refusal["extensions"]!["field"]));
        Assert.Contains("records", (string)refusal["message"]!, StringComparison.Ordinal);
        Assert.InRange((int)refusal["extensions"]!["retryAfter"]!, 1, 100);
    }

    [Fact]
    public async Task Aliased_changes_count_one_each_against_the_changes_budget()
    {
        // The burst covers the organiser's dozen changes that build the world; the volunteer's budget is its own.
        await using var factory = new ApiFactory { Settings = { ["Auth:WriteBurst"] = "15", ["Auth:WritesPerSecond"] = "1" } };
        var (world, volunteer) = await Volunteer(factory);

        var answer = await Send(factory, world, volunteer, "alias", 30, 1);

        var codes = answer.Errors.Select(e => (string?)e!["extensions"]!["code"]).ToList();
        Assert.InRange(codes.Count, 13, 17);
        Assert.All(codes, code => Assert.Equal("RATE_LIMITED", code));
    }

    [Fact]
    public async Task Ten_aliased_batches_of_500_are_refused_whole_naming_the_limit_and_nothing_is_stored()
    {
        await using var factory = new ApiFactory();
        var (world, volunteer) = await Volunteer(factory);

        var refused = await Send(factory, world, volunteer, "big", 10, 500);
        var resent = await Send(factory, world, volunteer, "big", 1, 1);

        Assert.Null(refused.Body["data"]);
        var error = refused.FirstError();
        Assert.Equal("REQUEST_TOO_LARGE", error.Code);
        Assert.Contains("5000 records", error.Message, StringComparison.Ordinal);
        Assert.Contains("limit is 1000", error.Message, StringComparison.Ordinal);
        Assert.False((bool)resent.Body["data"]!["h0"]![0]!["receipt"]!["duplicate"]!);
    }

    [Fact]
    public async Task Four_hundred_aliased_reconciles_are_refused_before_any_runs()
    {
        await using var factory = new ApiFactory();
        var api = factory.GraphQL();
        var world = await World.Create(api);
        var aliases = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"r{i}: reconcile(campaignId: $c) {{ exact }}"));

        var started = DateTime.UtcNow;
        var answer = await api.Send($"query($c: ID!) {{ {aliases} }}", new { c = world.CampaignId });

        Assert.Null(answer.Body["data"]);
        var error = answer.FirstError();
        Assert.Equal("REQUEST_TOO_LARGE", error.Code);
        Assert.Contains("400 costly reads (reconcile, report); the limit is 2", error.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "the refusal came after the work");
    }

    [Fact]
    public async Task Costly_reads_count_per_alias_against_their_budget()
    {
        await using var factory = new ApiFactory { Settings = { ["Auth:CostlyBurst"] = "3", ["Auth:CostlyPerMinute"] = "1" } };
        var api = factory.GraphQL();
        var world = await World.Create(api);
        const string Two = "query($c: ID!) { a: reconcile(campaignId: $c) { exact } b: reconcile(campaignId: $c) { exact } }";

        var first = await api.Send(Two, new { c = world.CampaignId });
        var second = await api.Send(Two, new { c = world.CampaignId });

        Assert.Empty(first.Errors);
        var refusal = second.FirstError();
        Assert.Equal(("RATE_LIMITED", "Query.reconcile"), (refusal.Code, refusal.Field));
        Assert.Single(second.Errors);
    }

    private static async Task<(World World, string Volunteer)> Volunteer(ApiFactory factory)
    {
        var world = await World.Create(factory.GraphQL());
        var volunteer = world.VolunteerIds[0][0];
        await world.CheckIn(factory.GraphQL(), volunteer, world.DeskIds[0]);
        return (world, volunteer);
    }

    /// <summary>One request of <paramref name="aliases"/> logHelps, each carrying <paramref name="records"/> helps.</summary>
    private static Task<GraphQLAnswer> Send(ApiFactory factory, World world, string volunteer, string prefix, int aliases, int records)
    {
        var fields = string.Join(' ', Enumerable.Range(0, aliases).Select(a => $"h{a}: {LogHelps.Replace("$h", $"$h{a}", StringComparison.Ordinal)}"));
        var declarations = string.Join(' ', Enumerable.Range(0, aliases).Select(a => $"$h{a}: [HelpInput!]!"));
        var variables = new JsonObject { ["c"] = world.CampaignId, ["v"] = volunteer };
        for (var a = 0; a < aliases; a++)
        {
            variables[$"h{a}"] = new JsonArray([.. Enumerable.Range(0, records)
                .Select(r => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(World.Help($"r-{prefix}-{a}-{r}"))))]);
        }
        return world.Volunteer(factory.GraphQL(), volunteer).Send($"mutation($c: ID!, $v: ID! {declarations}) {{ {fields} }}", variables);
    }
}
