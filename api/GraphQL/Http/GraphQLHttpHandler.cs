using System.Buffers;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>
/// Serves one GraphQL request as the GraphQL-over-HTTP draft asks: it checks the method, the media types and
/// the body before GraphQL sees anything, and picks the status code from what GraphQL returned.
/// </summary>
internal sealed class GraphQLHttpHandler
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    private readonly IDocumentExecuter<ISchema> _executer;
    private readonly IGraphQLSerializer _serializer;
    private readonly IDocumentBuilder _documentBuilder;
    private readonly GraphQLHttpOptions _options;
    private readonly IValidationRule[] _validationRules;
    private readonly KnownDocumentRules _knownDocumentRules;
    private readonly DocumentCache _documents;
    private readonly ILogger<GraphQLHttpHandler> _logger;

    public GraphQLHttpHandler(
        IDocumentExecuter<ISchema> executer,
        IGraphQLSerializer serializer,
        IDocumentBuilder documentBuilder,
        IOptions<GraphQLHttpOptions> options,
        DocumentCache documents,
        IEnumerable<IValidationRule> registeredRules,
        ILogger<GraphQLHttpHandler> logger)
    {
        _executer = executer;
        _serializer = serializer;
        _documentBuilder = documentBuilder;
        _options = options.Value;
        _validationRules = GraphQLExecution.Rules(_options, registeredRules);
        _knownDocumentRules = new(_validationRules);
        _documents = documents;
        _logger = logger;
    }

    /// <summary>A silo is declared dead and its grains move within seconds (docs/cluster.md).</summary>
    public const string RetryAfterSeconds = "5";

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var isGet = HttpMethods.IsGet(request.Method);
        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, POST";
            return;
        }

        // Caches in front of GET requests must not serve one media type to a client that asked for the other.
        context.Response.Headers.Vary = HeaderNames.Accept;
        var mediaType = NegotiateMediaType(request);
        if (mediaType is null)
        {
            context.Response.StatusCode = StatusCodes.Status406NotAcceptable;
            return;
        }

        GraphQLRequest graphQLRequest;
        GraphQLDocument? known;
        GraphQLDocument? document;
        try
        {
            graphQLRequest = isGet ? ReadQueryString(request.Query) : await ReadBodyAsync(request, context.RequestAborted);
            known = _documents.Find(graphQLRequest.Query!);
            document = known ?? Parse(graphQLRequest.Query!);
            CheckOperation(document, graphQLRequest, isGet);
        }
        catch (BadHttpRequestException refusal)
        {
            if (refusal.StatusCode == StatusCodes.Status405MethodNotAllowed)
                context.Response.Headers.Allow = "POST";
            var error = new ExecutionError(refusal.Message) { Code = CodeFor(refusal.StatusCode) };
            await WriteAsync(context, mediaType, refusal.StatusCode, new ExecutionResult(error));
            return;
        }

        IEnumerable<IValidationRule> rules = known is null ? _validationRules : _knownDocumentRules;
        var options = GraphQLExecution.Options(graphQLRequest, context, context.User, rules, _logger, context.RequestAborted);
        options.Document = document;
        var result = await _executer.ExecuteAsync(options);
        // Executed means every rule passed, the document-only ones included, so they need not run on this text again.
        if (known is null && document is not null && result.Executed)
        {
            _documents.Keep(graphQLRequest.Query!, document);
        }

        // A result without data means GraphQL refused the request (syntax, validation, variables, limits).
        // application/graphql-response+json says so with 400; legacy application/json clients expect 200.
        var status = mediaType == GraphQLResponseJson && !result.Executed
            ? StatusCodes.Status400BadRequest
            : StatusCodes.Status200OK;
        // Nothing came back and only passing faults are why: proxies and clients treat 503 as "try again".
        if (result.Executed && result.Data is null && result.Errors is { Count: > 0 } errors && errors.All(DomainErrorInfoProvider.IsPassingFault))
        {
            status = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        await WriteAsync(context, mediaType, status, result);
    }

    private async Task<GraphQLRequest> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!IsUtf8Json(request.ContentType))
        {
            throw new BadHttpRequestException(
                "The request body must be application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > _options.MaxRequestBytes)
            throw TooLarge();

        // Pooled: a fresh buffer a request was most of the bytes a request allocated. One byte more than the length
        // header says, so the read that finds the end needs no larger buffer. The header is optional (chunked bodies),
        // so the limit is enforced while reading too.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, _options.MaxRequestBytes) + 1);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                    break;
                length += read;
                if (length > _options.MaxRequestBytes)
                    throw TooLarge();
            }
            return Request(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The request a JSON body asks for; nothing of it refers to <paramref name="utf8"/> afterwards.</summary>
    private GraphQLRequest Request(ReadOnlyMemory<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
            throw BadRequest("The request body is not UTF-8 text.");
        using var json = ParseJson(utf8, "The request body");
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw BadRequest("The request body must be a JSON object with a 'query' string.");

        return new GraphQLRequest
        {
            Query = root.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.String
                ? query.GetString()
                : throw BadRequest("The request body has no 'query' string."),
            OperationName = root.TryGetProperty("operationName", out var name) && name.ValueKind != JsonValueKind.Null
                ? name.ValueKind == JsonValueKind.String
                    ? name.GetString()
                    : throw BadRequest("'operationName' must be a string.")
                : null,
            Variables = ReadMap(root, "variables"),
            Extensions = ReadMap(root, "extensions"),
        };
    }

    private GraphQLRequest ReadQueryString(IQueryCollection parameters)
    {
        var query = parameters["query"];
        if (query.Count != 1 || string.IsNullOrEmpty(query[0]))
            throw BadRequest("The request needs exactly one 'query' parameter.");

        var operationName = parameters["operationName"];
        return new GraphQLRequest
        {
            Query = query[0],
            OperationName = StringValues.IsNullOrEmpty(operationName) ? null : operationName[0],
            Variables = ReadMapParameter(parameters, "variables"),
            Extensions = ReadMapParameter(parameters, "extensions"),
        };
    }

    private Inputs? ReadMapParameter(IQueryCollection parameters, string name)
    {
        var value = parameters[name];
        if (StringValues.IsNullOrEmpty(value))
            return null;

        using var json = ParseJson(Encoding.UTF8.GetBytes(value[0]!), $"The '{name}' parameter");
        return ToInputs(json.RootElement, name);
    }

    private Inputs? ReadMap(JsonElement container, string name) =>
        container.TryGetProperty(name, out var value) ? ToInputs(value, name) : null;

    private Inputs? ToInputs(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Null => null,
        JsonValueKind.Object => _serializer.ReadNode<Inputs>(value),
        _ => throw BadRequest($"'{name}' must be a JSON object."),
    };

    /// <summary>The document for the executer, so it does not parse again; null when it is no GraphQL.</summary>
    private GraphQLDocument? Parse(string query)
    {
        try
        {
            return _documentBuilder.Build(query);
        }
        catch (Exception e) when (e is ExecutionError or GraphQLParserException)
        {
            // The executer parses again and reports the syntax error in the usual shape.
            return null;
        }
    }

    /// <summary>
    /// Refuses what this transport cannot run: a mutation over GET, which caches and prefetchers may replay, and
    /// subscriptions, which need a stream.
    /// </summary>
    private static void CheckOperation(GraphQLDocument? document, GraphQLRequest request, bool isGet)
    {
        var operations = document?.Definitions.OfType<GraphQLOperationDefinition>().ToList() ?? [];
        var operation = request.OperationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.Find(o => o.Name?.StringValue == request.OperationName);
        if (isGet && operation?.Operation == OperationType.Mutation)
            throw new BadHttpRequestException("Mutations must be sent with POST.", StatusCodes.Status405MethodNotAllowed);
        if (operation?.Operation == OperationType.Subscription)
            throw BadRequest("Subscriptions are not served over this endpoint.");
    }

    private Task WriteAsync(HttpContext context, string mediaType, int status, ExecutionResult result)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = mediaType + "; charset=utf-8";
        return _serializer.WriteAsync(context.Response.Body, result, context.RequestAborted);
    }

    /// <summary>
    /// Picks the response media type from the Accept header, honouring quality values and letting the most
    /// specific range decide. Without a preference the draft's own type wins; null means neither is acceptable.
    /// </summary>
    private static string? NegotiateMediaType(HttpRequest request)
    {
        var ranges = request.GetTypedHeaders().Accept;
        if (ranges.Count == 0)
            return GraphQLResponseJson;

        var graphQLQuality = QualityOf(GraphQLResponseJson, ranges);
        var jsonQuality = QualityOf(Json, ranges);
        if (graphQLQuality <= 0 && jsonQuality <= 0)
            return null;
        return graphQLQuality >= jsonQuality ? GraphQLResponseJson : Json;
    }

    private static double QualityOf(string mediaType, IList<MediaTypeHeaderValue> ranges)
    {
        var bestSpecificity = 0;
        double quality = 0;
        foreach (var range in ranges)
        {
            var specificity =
                range.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) ? 3
                : range.MatchesAllSubTypes && range.Type.Equals("application", StringComparison.OrdinalIgnoreCase) ? 2
                : range.MatchesAllTypes ? 1
                : 0;
            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                quality = range.Quality ?? 1;
            }
        }

        return quality;
    }

    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
        && (!parsed.Charset.HasValue || parsed.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static JsonDocument ParseJson(ReadOnlyMemory<byte> utf8, string what)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw BadRequest($"{what} is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        try
        {
            // Only an escape can spell half a pair: the bytes are UTF-8 (checked for a body, encoded for a parameter),
            // which cannot encode one. Taking every string was most of the bytes a small request allocated here.
            if (utf8.Span.IndexOf("\\u"u8) >= 0)
                RequireText(json.RootElement);
            return json;
        }
        catch (InvalidOperationException)
        {
            json.Dispose();
            throw BadRequest($"{what} escapes half a surrogate pair (such as \\ud800 alone), which is no text.");
        }
    }

    /// <summary>
    /// Valid JSON may still escape half a surrogate pair ("\ud800"), which System.Text.Json finds only when a
    /// string is taken, deep inside GraphQL's readers; every string is taken once here instead, when the bytes hold a
    /// <c>\u</c> escape (<see cref="ParseJson"/>).
    /// </summary>
    private static void RequireText(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                _ = element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    RequireText(item);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    RequireText(property.Value);
                }
                break;
        }
    }

    private static string CodeFor(int status) => status switch
    {
        StatusCodes.Status405MethodNotAllowed => "METHOD_NOT_ALLOWED",
        StatusCodes.Status413PayloadTooLarge => "REQUEST_TOO_LARGE",
        StatusCodes.Status415UnsupportedMediaType => "UNSUPPORTED_MEDIA_TYPE",
        _ => "BAD_REQUEST",
    };

    private static BadHttpRequestException BadRequest(string message) => new(message, StatusCodes.Status400BadRequest);

    private BadHttpRequestException TooLarge() => new(
        $"The request body is larger than {_options.MaxRequestBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}
