using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Volunteers.Api.GraphQL.Http;

namespace Volunteers.Tests.Http;

public sealed class GraphQLEndpointTests(GraphQLEndpointTests.TinyServer server) : IClassFixture<GraphQLEndpointTests.TinyServer>
{
    private const string GraphQLResponse = "application/graphql-response+json";

    [Fact]
    public async Task Post_query_answers_200_with_the_graphql_response_media_type()
    {
        using var response = await server.PostAsync("""{"query":"{ hello(name: \"Ada\") }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponse, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        using var body = await ReadAsync(response);
        Assert.Equal("Hello, Ada", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
        Assert.False(body.RootElement.TryGetProperty("errors", out _));
    }

    [Fact]
    public async Task Post_passes_variables_and_picks_the_named_operation()
    {
        using var response = await server.PostAsync("""
            {"query":"query A { hello } query B($n: Int!) { double(n: $n) }","operationName":"B","variables":{"n":21}}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal(42, body.RootElement.GetProperty("data").GetProperty("double").GetInt32());
    }

    [Fact]
    public async Task Get_runs_a_query_from_the_query_string()
    {
        var url = "/graphql?query=" + Uri.EscapeDataString("query($n: Int!) { double(n: $n) }")
            + "&variables=" + Uri.EscapeDataString("""{"n":4}""");
        using var response = await server.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal(8, body.RootElement.GetProperty("data").GetProperty("double").GetInt32());
    }

    [Fact]
    public async Task Get_refuses_a_mutation_with_405_and_allows_post()
    {
        var before = server.Renames;
        using var response = await server.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString("mutation { rename(name: \"x\") }"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal(before, server.Renames);
    }

    [Fact]
    public async Task Post_runs_a_mutation()
    {
        using var response = await server.PostAsync("""{"query":"mutation { rename(name: \"Grace\") }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal("Grace", body.RootElement.GetProperty("data").GetProperty("rename").GetString());
    }

    [Fact]
    public async Task Other_methods_answer_405_naming_get_and_post()
    {
        using var response = await server.Client.PutAsync("/graphql", Json("""{"query":"{ hello }"}"""));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow);
    }

    [Fact]
    public async Task Accept_application_json_answers_in_application_json()
    {
        using var response = await server.PostAsync("""{"query":"{ hello }"}""", accept: "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
    }

    [Theory]
    [InlineData("*/*")]
    [InlineData("application/json;q=0.5, application/graphql-response+json")]
    [InlineData("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")]
    public async Task Accept_that_allows_both_prefers_graphql_response_json(string accept)
    {
        using var response = await server.PostAsync("""{"query":"{ hello }"}""", accept: accept);

        Assert.Equal(GraphQLResponse, response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Accept_that_allows_neither_answers_406()
    {
        using var response = await server.PostAsync("""{"query":"{ hello }"}""", accept: "text/html");

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_answers_400_saying_where()
    {
        using var response = await server.PostAsync("""{"query": "{ hello }",""");

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON (line 1", Message(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GraphQLResponse)]
    [InlineData("application/json")]
    public async Task Missing_query_answers_400_whatever_the_media_type(string accept)
    {
        using var response = await server.PostAsync("""{"operationName":"A"}""", accept: accept);

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'query'", Message(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"n\"")]
    public async Task Variables_that_are_not_an_object_answer_400(string variables)
    {
        using var response = await server.PostAsync($$"""{"query":"{ hello }","variables":{{variables}}}""");

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("'variables' must be a JSON object.", Message(body));
    }

    [Fact]
    public async Task Syntax_error_answers_400_without_data()
    {
        using var response = await server.PostAsync("""{"query":"{ hello "}""");

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("SYNTAX_ERROR", Code(body));
    }

    [Fact]
    public async Task Get_with_a_syntax_error_answers_400()
    {
        using var response = await server.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString("{ hello "));

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("SYNTAX_ERROR", Code(body));
    }

    [Fact]
    public async Task Subscription_is_refused_with_400()
    {
        using var response = await server.PostAsync("""{"query":"subscription { hello }"}""");

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("Subscriptions are not served over this endpoint.", Message(body));
    }

    [Fact]
    public async Task Validation_error_answers_400_in_graphql_response_json()
    {
        using var response = await server.PostAsync("""{"query":"{ nope }"}""");

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("nope", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_error_answers_200_in_application_json()
    {
        using var response = await server.PostAsync("""{"query":"{ nope }"}""", accept: "application/json");

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.OK);
        Assert.Contains("nope", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Variable_of_the_wrong_type_is_refused_naming_the_variable()
    {
        using var response = await server.PostAsync("""{"query":"query($n: Int!) { double(n: $n) }","variables":{"n":"four"}}""");

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$n", Message(body), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_deep_query_is_refused_naming_the_limit()
    {
        // GraphQL.NET counts the root selection as the first level: root, node and 12 children make 14.
        var query = "{ node { " + string.Concat(Enumerable.Repeat("child { ", 12)) + "name" + new string('}', 13) + " }";
        using var response = await server.PostAsync(JsonSerializer.Serialize(new { query }));

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("QUERY_TOO_DEEP", Code(body));
        Assert.Equal("The query is 14 levels deep; the limit is 12.", Message(body));
    }

    [Fact]
    public async Task Query_at_the_depth_limit_runs()
    {
        var query = "{ node { " + string.Concat(Enumerable.Repeat("child { ", 10)) + "name" + new string('}', 11) + " }";
        using var response = await server.PostAsync(JsonSerializer.Serialize(new { query }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Too_complex_query_is_refused_naming_the_limit()
    {
        // A list that declares no size multiplies what lies under it by 10: eight nested lists estimate well over 100,000.
        var query = "{ nodes { " + string.Concat(Enumerable.Repeat("children { ", 7)) + "name" + new string('}', 8) + " }";
        using var response = await server.PostAsync(JsonSerializer.Serialize(new { query }));

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("QUERY_TOO_COMPLEX", Code(body));
        Assert.EndsWith("the limit is 100000.", Message(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task Body_that_is_not_utf8_json_answers_415(string contentType)
    {
        using var content = new StringContent("""{"query":"{ hello }"}""");
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await server.Client.PostAsync("/graphql", content);

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", Code(body));
    }

    [Fact]
    public async Task Body_over_the_limit_answers_413()
    {
        var padding = new string(' ', TinyServer.MaxRequestBytes);
        using var response = await server.PostAsync("""{"query":"{ hello }"}""" + padding);

        using var body = await AssertRequestErrorAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("REQUEST_TOO_LARGE", Code(body));
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_answers_413()
    {
        var padding = new string(' ', TinyServer.MaxRequestBytes);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("""{"query":"{ hello }"}""" + padding)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        using var response = await server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("refused")]
    [InlineData("wrappedRefusal")]
    public async Task Domain_exception_becomes_an_error_with_its_code_and_field(string fieldName)
    {
        using var response = await server.PostAsync($$"""{"query":"{ hello {{fieldName}} }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = await ReadAsync(response);
        Assert.Equal("Hello, world", body.RootElement.GetProperty("data").GetProperty("hello").GetString());
        var error = body.RootElement.GetProperty("errors")[0];
        Assert.Equal("placeId: no entity has the id 'p-9'.", error.GetProperty("message").GetString());
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("placeId", error.GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal(fieldName, error.GetProperty("path")[0].GetString());
    }

    [Fact]
    public async Task Unexpected_exception_becomes_internal_without_details_and_is_logged()
    {
        using var response = await server.PostAsync("""{"query":"query Broken { hello broken }"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        var error = body.RootElement.GetProperty("errors")[0];
        Assert.Equal("Internal error; it was logged.", error.GetProperty("message").GetString());
        Assert.Equal("INTERNAL", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TinyServer.Secret, text, StringComparison.Ordinal);
        Assert.Contains(server.Logs, entry => entry.Level == LogLevel.Error
            && entry.Exception is InvalidOperationException
            && entry.Message.Contains("Broken", StringComparison.Ordinal)
            && entry.Message.Contains("broken", StringComparison.Ordinal));
    }

    private static async Task<JsonDocument> AssertRequestErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var body = await ReadAsync(response);
        Assert.False(body.RootElement.TryGetProperty("data", out _));
        Assert.NotEqual(0, body.RootElement.GetProperty("errors").GetArrayLength());
        return body;
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    private static string? Message(JsonDocument body) =>
        body.RootElement.GetProperty("errors")[0].GetProperty("message").GetString();

    private static string? Code(JsonDocument body) =>
        body.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The endpoint in a bare host with a schema small enough to reach every error path.</summary>
    public sealed class TinyServer : IAsyncLifetime
    {
        public const int MaxRequestBytes = 4096;
        public const string Secret = "Password=hunter2";

        private WebApplication? _app;
        private int _renames;

        public HttpClient Client { get; private set; } = null!;

        public ConcurrentQueue<LogEntry> Logs { get; } = new();

        public ParseCounter Parses { get; } = new();

        public int Renames => Volatile.Read(ref _renames);

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders().AddProvider(new CapturingLoggerProvider(Logs));
            builder.Services.AddSingleton(this);
            builder.Services.AddGraphQL(b => b
                .AddSchema<TinySchema>()
                .AddGraphTypes(typeof(TinySchema).Assembly)
                .AddSystemTextJson());
            // After AddGraphQL, so the endpoint and the executer both parse through it.
            builder.Services.AddSingleton<IDocumentBuilder>(Parses);
            builder.Services.AddGraphQLHttp(o => o.MaxRequestBytes = MaxRequestBytes);
            builder.Services.AddSingleton<IValidationRule, RefusedNameRule>();
            _app = builder.Build();
            _app.MapGraphQL();
            await _app.StartAsync();
            Client = _app.GetTestClient();
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            if (_app is not null)
                await _app.DisposeAsync();
        }

        public Task<HttpResponseMessage> PostAsync(string json, string? accept = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = Json(json) };
            if (accept is not null)
                request.Headers.TryAddWithoutValidation("Accept", accept);
            return Client.SendAsync(request);
        }

        public void CountRename() => Interlocked.Increment(ref _renames);
    }

    /// <summary>A rule that reads the variables as GraphQL.NET parses them, as an argument's length check does.</summary>
    public sealed class RefusedNameRule : ValidationRuleBase, IVariableVisitor
    {
        public const string Name = "nobody";
        public const string Code = "NAME_REFUSED";

        public override ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => new(this);

        public ValueTask VisitScalarAsync(ValidationContext context, GraphQLParser.AST.GraphQLVariableDefinition variable, VariableName variableName,
            ScalarGraphType type, object? variableValue, object? parsedValue)
        {
            if (parsedValue is Name)
                context.ReportError(new ValidationError($"'{Name}' is no name.") { Code = Code });
            return default;
        }

        public ValueTask VisitListAsync(ValidationContext context, GraphQLParser.AST.GraphQLVariableDefinition variable, VariableName variableName,
            ListGraphType type, object? variableValue, IList<object?>? parsedValue) => default;

        public ValueTask VisitObjectAsync(ValidationContext context, GraphQLParser.AST.GraphQLVariableDefinition variable, VariableName variableName,
            IInputObjectGraphType type, object? variableValue, object? parsedValue) => default;

        public ValueTask VisitFieldAsync(ValidationContext context, GraphQLParser.AST.GraphQLVariableDefinition variable, VariableName variableName,
            IInputObjectGraphType type, FieldType field, object? variableValue, object? parsedValue) => default;
    }

    /// <summary>GraphQL.NET's parser, counting the texts it parsed.</summary>
    public sealed class ParseCounter : IDocumentBuilder
    {
        private readonly GraphQLDocumentBuilder _parser = new();
        private readonly ConcurrentDictionary<string, int> _parsed = new(StringComparer.Ordinal);

        public int Of(string query) => _parsed.GetValueOrDefault(query);

        public GraphQLParser.AST.GraphQLDocument Build(string body)
        {
            _parsed.AddOrUpdate(body, 1, (_, count) => count + 1);
            return _parser.Build(body);
        }
    }

    public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);

    private sealed class CapturingLoggerProvider(ConcurrentQueue<LogEntry> entries) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
        }

        public void Dispose()
        {
        }
    }

    public sealed class TinySchema : Schema
    {
        public TinySchema(IServiceProvider services, TinyQuery query, TinyMutation mutation) : base(services)
        {
            Query = query;
            Mutation = mutation;
        }
    }

    public sealed class TinyQuery : ObjectGraphType
    {
        public TinyQuery()
        {
            Field<StringGraphType>("hello")
                .Argument<StringGraphType>("name")
                .Resolve(context => $"Hello, {context.GetArgument<string?>("name") ?? "world"}");
            Field<IntGraphType>("double")
                .Argument<NonNullGraphType<IntGraphType>>("n")
                .Resolve(context => context.GetArgument<int>("n") * 2);
            Field<StringGraphType>("refused")
                .Resolve(_ => throw DomainException.NotFound("placeId", "p-9"));
            Field<StringGraphType>("wrappedRefusal")
                .ResolveAsync(_ => Task.FromException<object?>(
                    new AggregateException(new System.Reflection.TargetInvocationException(DomainException.NotFound("placeId", "p-9")))));
            Field<StringGraphType>("broken")
                .Resolve(_ => throw new InvalidOperationException($"Could not connect with {TinyServer.Secret}"));
            Field<NodeType>("node").Resolve(_ => new object());
            Field<ListGraphType<NodeType>>("nodes").Resolve(_ => new[] { new object() });
        }
    }

    public sealed class TinyMutation : ObjectGraphType
    {
        public TinyMutation(TinyServer server)
        {
            Field<StringGraphType>("rename")
                .Argument<NonNullGraphType<StringGraphType>>("name")
                .Resolve(context =>
                {
                    server.CountRename();
                    return context.GetArgument<string>("name");
                });
        }
    }

    public sealed class NodeType : ObjectGraphType
    {
        public NodeType()
        {
            Name = "Node";
            Field<StringGraphType>("name").Resolve(_ => "node");
            Field<NodeType>("child").Resolve(_ => new object());
            Field<ListGraphType<NodeType>>("children").Resolve(_ => new[] { new object() });
        }
    }
}
