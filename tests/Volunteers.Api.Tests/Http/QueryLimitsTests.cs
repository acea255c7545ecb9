using System.Net;
using System.Text.Json.Nodes;

namespace Volunteers.Tests.Http;

/// <summary>The demo store, as <c>dotnet run --project api</c> fills it: one province, one district, 21 wards.</summary>
public sealed class DemoApi : IDisposable
{
    public ApiFactory Factory { get; } = new() { Settings = { ["Demo:Seed"] = "true" } };

    public async Task<GraphQLClient> Organiser()
    {
        var accounts = await Factory.Anonymous().Data("{ demoAccounts { role login secret } }");
        var organiser = accounts["demoAccounts"]!.AsArray().First(a => (string?)a!["role"] == "ORGANISER")!;
        var token = await Factory.Anonymous().SignIn((string)organiser["login"]!, (string)organiser["secret"]!);
        return Factory.Anonymous().As(token);
    }

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// The depth and cost limits measure what a query will really resolve: a district's tree and the standard
/// introspection query pass, lists nested past the tree and introspection that loops do not.
/// </summary>
public sealed class QueryLimitsTests(DemoApi demo) : IClassFixture<DemoApi>
{
    /// <summary>
    /// GraphiQL's introspection query with the options graphql-js 16 offers that GraphQL.NET 8 answers (all but
    /// specifiedByUrl and inputValueDeprecation), as tools send it.
    /// </summary>
    private const string StandardIntrospection = """
        query IntrospectionQuery {
          __schema {
            description
            queryType { name kind } mutationType { name kind } subscriptionType { name kind }
            types { ...FullType }
            directives { name description isRepeatable locations args { ...InputValue } }
          }
        }
        fragment FullType on __Type {
          kind name description isOneOf
          fields(includeDeprecated: true) {
            name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason
          }
          inputFields { ...InputValue }
          interfaces { ...TypeRef }
          enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
          possibleTypes { ...TypeRef }
        }
        fragment InputValue on __InputValue {
          name description type { ...TypeRef } defaultValue
        }
        fragment TypeRef on __Type {
          kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name
            ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } } }
        }
        """;

    private const string DistrictTree = "{ units { id children { id children { id kind teams { id volunteers { id } } children { id } } } } }";

    [Fact]
    public async Task The_standard_introspection_query_is_answered_in_full_signed_in_or_not()
    {
        foreach (var client in new[] { demo.Factory.Anonymous(), await demo.Organiser() })
        {
            var schema = (await client.Data(StandardIntrospection))["__schema"]!;

            Assert.Equal("Query", (string?)schema["queryType"]!["name"]);
            var types = schema["types"]!.AsArray().Select(t => (string?)t!["name"]).ToList();
            Assert.Contains("Unit", types);
            Assert.Contains("__Schema", types);
            var unit = schema["types"]!.AsArray().Single(t => (string?)t!["name"] == "Unit")!;
            Assert.Contains("children", unit["fields"]!.AsArray().Select(f => (string?)f!["name"]));
        }
    }

    [Fact]
    public async Task A_districts_tree_down_to_each_teams_volunteers_is_within_the_limits()
    {
        var organiser = await demo.Organiser();

        var data = await organiser.Data(DistrictTree);

        var wards = data["units"]!.AsArray().SelectMany(u => u!["children"]!.AsArray()).SelectMany(d => d!["children"]!.AsArray()).ToList();
        Assert.Equal(21, wards.Count);
        Assert.Contains(wards, w => w!["teams"]!.AsArray().Any(t => t!["volunteers"]!.AsArray().Count == 16));
    }

    [Fact]
    public async Task Lists_nested_past_the_tree_are_refused_naming_the_limit()
    {
        var answer = await demo.Factory.Anonymous().Send(
            "{ units { children { children { teams { volunteers { team { volunteers { team { volunteers { id } } } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var error = answer.FirstError();
        Assert.Equal("QUERY_TOO_COMPLEX", error.Code);
        Assert.EndsWith("the limit is 100000.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Introspection_that_follows_types_into_types_is_refused()
    {
        var error = await demo.Factory.Anonymous().Error("{ __schema { types { fields { type { fields { name } } } } } }");

        Assert.Equal("QUERY_TOO_COMPLEX", error.Code);
        Assert.Contains("__schema.types.fields.type.fields", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_introspection_costs_the_schema_so_many_at_once_are_refused()
    {
        var one = await demo.Factory.Anonymous().Send("{ __schema { types { name } } }");
        var many = await demo.Factory.Anonymous().Send(
            "{ " + string.Concat(Enumerable.Range(0, 500).Select(i => $"s{i}: __schema {{ types {{ name }} }} ")) + "}");

        Assert.Empty(one.Errors);
        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", many.FirstError().Code);
    }

    [Fact]
    public async Task Introspection_does_not_lift_the_depth_limit_of_the_data_beside_it()
    {
        var error = await demo.Factory.Anonymous().Error(
            "{ __schema { queryType { name } } units { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } } }");

        Assert.Equal("QUERY_TOO_DEEP", error.Code);
    }

    [Theory]
    [InlineData("{ units { ... on Unit { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } } } }")]
    [InlineData("{ units { ...deep } } fragment deep on Unit { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } }")]
    public async Task Fragments_count_towards_the_depth_of_the_fields_they_hold(string query)
    {
        var error = await demo.Factory.Anonymous().Error(query);

        Assert.Equal("QUERY_TOO_DEEP", error.Code);
    }
}
