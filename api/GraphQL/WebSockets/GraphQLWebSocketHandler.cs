using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using Microsoft.Extensions.Options;
using Volunteers.Api.GraphQL.Http;

namespace Volunteers.Api.GraphQL.WebSockets;

/// <summary>
/// Serves GraphQL over a WebSocket on the GraphQL endpoint with the <c>graphql-transport-ws</c> protocol, for
/// subscriptions (and any other operation a client sends that way). GraphQL.NET executes; each socket is a
/// <see cref="GraphQLWebSocketConnection"/> speaking the protocol.
/// </summary>
internal sealed class GraphQLWebSocketHandler
{
    public const string SubProtocol = "graphql-transport-ws";

    private readonly IDocumentExecuter<ISchema> _executer;
    private readonly IGraphQLTextSerializer _serializer;
    private readonly GraphQLHttpOptions _options;
    private readonly IValidationRule[] _validationRules;
    private readonly ILogger<GraphQLWebSocketHandler> _logger;
    private readonly ISocketSessions _sessions;
    private readonly ISocketOperationLimit _limit;

    public GraphQLWebSocketHandler(
        IDocumentExecuter<ISchema> executer,
        IGraphQLTextSerializer serializer,
        IOptions<GraphQLHttpOptions> options,
        ILogger<GraphQLWebSocketHandler> logger,
        ISocketSessions sessions,
        ISocketOperationLimit limit,
        IEnumerable<IValidationRule> registeredRules)
    {
        _sessions = sessions;
        _limit = limit;
        _executer = executer;
        _serializer = serializer;
        _options = options.Value;
        _validationRules = GraphQLExecution.Rules(_options, registeredRules);
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            // The protocol's own answer to a client speaking another one (such as the older graphql-ws).
            using var refused = await context.WebSockets.AcceptWebSocketAsync();
            await refused.CloseAsync(GraphQLWebSocketConnection.SubprotocolNotAcceptable, "Subprotocol not acceptable", context.RequestAborted);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(SubProtocol);
        using var connection = new GraphQLWebSocketConnection(socket, _serializer, _options, _logger, context.User, _sessions, user => _limit.Admit(user, context), (request, user, cancellationToken) =>
            _executer.ExecuteAsync(GraphQLExecution.Options(request, context, user, _validationRules, _logger, cancellationToken)));
        await connection.RunAsync(context.RequestAborted);
    }
}
