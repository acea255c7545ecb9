using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Api.GraphQL.Http;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Http;

/// <summary>
/// A document sent again is neither parsed nor run through the rules that read the document alone; everything that
/// reads the variables or the caller still runs, and a document that failed is never kept.
/// </summary>
public sealed class DocumentCacheTests(GraphQLEndpointTests.TinyServer server) : IClassFixture<GraphQLEndpointTests.TinyServer>
{
    [Fact]
    public async Task A_document_sent_again_with_other_variables_is_parsed_once()
    {
        var query = Unique("query($n: Int!) { double(n: $n) }");

        var answers = new List<int>();
        foreach (var n in new[] { 1, 2, 3 })
        {
            using var body = await PostAsync(query, $$"""{"n":{{n}}}""");
            answers.Add(body.RootElement.GetProperty("data").GetProperty("double").GetInt32());
        }

        Assert.Equal([2, 4, 6], answers);
        Assert.Equal(1, server.Parses.Of(query));
    }

    [Fact]
    public async Task A_refused_document_is_refused_alike_every_time_and_parsed_every_time()
    {
        var query = Unique("{ hello nothingHere }");

        using var first = await PostAsync(query, "{}");
        using var second = await PostAsync(query, "{}");

        Assert.Equal("FIELDS_ON_CORRECT_TYPE", Code(first));
        Assert.Equal(Errors(first), Errors(second));
        Assert.Equal(2, server.Parses.Of(query));
    }

    [Fact]
    public async Task The_variables_of_a_kept_document_are_checked_as_a_new_documents_are()
    {
        var query = Unique("query($n: Int!) { double(n: $n) }");

        using var refusedBeforeKept = await PostAsync(query, """{"n":"x"}""");
        using var passed = await PostAsync(query, """{"n":4}""");
        using var refusedWhenKept = await PostAsync(query, """{"n":"x"}""");

        Assert.Equal(8, passed.RootElement.GetProperty("data").GetProperty("double").GetInt32());
        Assert.Equal("INVALID_VALUE", Code(refusedBeforeKept));
        Assert.Equal(Errors(refusedBeforeKept), Errors(refusedWhenKept));
        Assert.Equal(2, server.Parses.Of(query));
    }

    [Fact]
    public async Task A_kept_document_still_runs_a_registered_rule_that_reads_its_variables()
    {
        var query = Unique("query($n: String) { hello(name: $n) }");

        using var passed = await PostAsync(query, """{"n":"Ada"}""");
        using var refused = await PostAsync(query, $$"""{"n":"{{GraphQLEndpointTests.RefusedNameRule.Name}}"}""");

        Assert.Equal("Hello, Ada", passed.RootElement.GetProperty("data").GetProperty("hello").GetString());
        Assert.Equal(GraphQLEndpointTests.RefusedNameRule.Code, Code(refused));
        Assert.Equal(1, server.Parses.Of(query));
    }

    [Fact]
    public async Task A_kept_mutation_is_still_refused_over_get()
    {
        var query = Unique("mutation { rename(name: \"kept\") }");
        using var posted = await PostAsync(query, "{}");
        var renames = server.Renames;

        using var response = await server.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString(query));

        Assert.Equal("kept", posted.RootElement.GetProperty("data").GetProperty("rename").GetString());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(renames, server.Renames);
        Assert.Equal(1, server.Parses.Of(query));
    }

    /// <summary>A comment makes the text a test's own, so no other test has had it kept.</summary>
    private static string Unique(string query) => $"{query} # {Guid.NewGuid():N}";

    private async Task<JsonDocument> PostAsync(string query, string variables)
    {
        using var response = await server.PostAsync($$"""{"query":{{JsonSerializer.Serialize(query)}},"variables":{{variables}}}""");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string Errors(JsonDocument body) => body.RootElement.GetProperty("errors").GetRawText();

    private static string? Code(JsonDocument body) =>
        body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();
}

/// <summary>On the whole platform: a kept document still meets the access rules, the rate limits and the limits of each request.</summary>
public sealed class KeptDocumentTests
{
    private const string LogHelps =
        "mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) { logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId receipt { duplicate } } }";

    [Fact]
    public async Task A_kept_log_still_asks_who_is_calling()
    {
        await using var factory = new ApiFactory();
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser);
        var (self, other) = (world.VolunteerIds[0][0], world.VolunteerIds[0][1]);
        await world.CheckIn(organiser, self, world.DeskIds[0]);
        var query = $"{LogHelps} # {Guid.NewGuid():N}";

        var own = await world.Volunteer(organiser, self).Send(query, Helps(world, self, "own"));
        var kept = Kept(factory, query);
        var byAnother = await world.Volunteer(organiser, other).Send(query, Helps(world, self, "another"));
        var byNobody = await factory.Anonymous().Send(query, Helps(world, self, "nobody"));

        Assert.Empty(own.Errors);
        Assert.True(kept);
        Assert.Equal(("FORBIDDEN", "Mutation.logHelps"), (byAnother.FirstError().Code, byAnother.FirstError().Field));
        Assert.Equal(("UNAUTHENTICATED", "Mutation.logHelps"), (byNobody.FirstError().Code, byNobody.FirstError().Field));
        Assert.Equal(1, (int)(await world.ReconcileWhenSettled(organiser))["records"]!);
    }

    [Fact]
    public async Task A_kept_log_still_counts_its_records_per_request_and_against_the_budget()
    {
        await using var factory = new ApiFactory { Settings = { ["Auth:RecordBurst"] = "100", ["Auth:RecordsPerSecond"] = "1" } };
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser);
        var volunteer = world.VolunteerIds[0][0];
        await world.CheckIn(organiser, volunteer, world.DeskIds[0]);
        var phone = world.Volunteer(organiser, volunteer);
        var query = $"{LogHelps} # {Guid.NewGuid():N}";

        var first = await phone.Send(query, Helps(world, volunteer, "first", 60));
        var kept = Kept(factory, query);
        var tooMany = await phone.Send(query, Helps(world, volunteer, "many", 1001));
        var overBudget = await phone.Send(query, Helps(world, volunteer, "budget", 60));

        Assert.Empty(first.Errors);
        Assert.True(kept);
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.Status);
        Assert.Equal("REQUEST_TOO_LARGE", tooMany.FirstError().Code);
        Assert.Contains("1001 records", tooMany.FirstError().Message, StringComparison.Ordinal);
        Assert.Equal(("RATE_LIMITED", "Mutation.logHelps"), (overBudget.FirstError().Code, overBudget.FirstError().Field));
    }

    [Fact]
    public async Task A_kept_query_is_costed_with_each_requests_variables()
    {
        await using var factory = new ApiFactory();
        const string Messages = "query($n: Int) { messages(limit: $n) { id text } }";
        var query = $"{Messages} # {Guid.NewGuid():N}";
        var anonymous = factory.Anonymous();

        var small = await anonymous.Send(query, new { n = 5 });
        var kept = Kept(factory, query);
        var huge = await anonymous.Send(query, new { n = 1_000_000 });
        var hugeNew = await anonymous.Send($"{Messages} # {Guid.NewGuid():N}", new { n = 1_000_000 });

        // Refused when it runs, signed out, so it passed validation and was kept.
        Assert.Equal("UNAUTHENTICATED", small.FirstError().Code);
        Assert.True(kept);
        Assert.Equal(HttpStatusCode.BadRequest, huge.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", huge.FirstError().Code);
        Assert.Equal(hugeNew.FirstError(), huge.FirstError());
    }

    private static bool Kept(ApiFactory factory, string query) => factory.Services.GetRequiredService<DocumentCache>().Find(query) is not null;

    private static object Helps(World world, string volunteer, string prefix, int count = 1) => new
    {
        c = world.CampaignId,
        v = volunteer,
        h = Enumerable.Range(0, count).Select(i => World.Help($"{prefix}-{i}")).ToArray(),
    };
}
