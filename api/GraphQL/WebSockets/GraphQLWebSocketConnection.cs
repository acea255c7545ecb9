using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Transport;
using Volunteers.Api.GraphQL.Http;

namespace Volunteers.Api.GraphQL.WebSockets;

/// <summary>
/// One socket speaking <c>graphql-transport-ws</c>: <c>connection_init</c> is answered with
/// <c>connection_ack</c>, each <c>subscribe</c> runs as an operation whose results go out as <c>next</c> until
/// <c>complete</c>, <c>ping</c> gets <c>pong</c>. Breaches close the socket with the protocol's codes. Reading
/// and writing are separate loops, so a slow operation never holds up a ping, and everything written goes
/// through one queue, since a WebSocket takes one send at a time.
/// <para>The caller is the upgrade request's (a one-time ticket or a token in its URL), or the one a token in
/// <c>connection_init</c>'s payload names (<c>Authorization: Bearer …</c> or <c>access_token</c>). Every operation
/// checks that its token has not expired and its session may still act, and the socket is closed with 4401
/// as soon as either stops holding. Each <c>subscribe</c> draws on the caller's operations budget, as an HTTP
/// request does.</para>
/// </summary>
internal sealed class GraphQLWebSocketConnection(
    WebSocket socket,
    IGraphQLTextSerializer serializer,
    GraphQLHttpOptions options,
    ILogger logger,
    ClaimsPrincipal caller,
    ISocketSessions sessions,
    Func<ClaimsPrincipal, ExecutionError?> admit,
    Func<GraphQLRequest, ClaimsPrincipal, CancellationToken, Task<ExecutionResult>> execute) : IDisposable
{
    public const WebSocketCloseStatus BadMessage = (WebSocketCloseStatus)4400;
    public const WebSocketCloseStatus Unauthorized = (WebSocketCloseStatus)4401;
    public const WebSocketCloseStatus Forbidden = (WebSocketCloseStatus)4403;
    public const WebSocketCloseStatus SubprotocolNotAcceptable = (WebSocketCloseStatus)4406;
    public const WebSocketCloseStatus InitTimeout = (WebSocketCloseStatus)4408;
    public const WebSocketCloseStatus DuplicateSubscriber = (WebSocketCloseStatus)4409;
    public const WebSocketCloseStatus TooManyInits = (WebSocketCloseStatus)4429;

    /// <summary>How long a client has to answer our close before the socket is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Operation> _operations = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _reading = new();
    private int _initialised;
    private IDisposable? _watch;

    public async Task RunAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, _reading.Token);
        var writing = WriteAsync();
        var initTimeout = CloseUnlessInitialised(linked.Token);
        try
        {
            await ReadAsync(linked.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away or did not answer our close in time.
            socket.Abort();
        }
        finally
        {
            foreach (var operation in _operations.Values)
            {
                operation.Dispose();
            }
            _operations.Clear();
            _outgoing.Writer.TryComplete();
            _watch?.Dispose();
            await _reading.CancelAsync();
            await Task.WhenAll(writing, initTimeout);
        }
    }

    public void Dispose() => _reading.Dispose();

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (socket.State == WebSocketState.Open)
        {
            buffer.Clear();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                buffer.Advance(received.Count);
                if (buffer.WrittenCount > options.MaxRequestBytes)
                {
                    Close(BadMessage, "Message too large");
                    return;
                }
            }
            while (!received.EndOfMessage);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                // The closing handshake: a client that closes first waits for our close, or sees 1006.
                Close(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription ?? "");
                return;
            }
            if (received.MessageType != WebSocketMessageType.Text || !await HandleAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)))
            {
                return;
            }
        }
    }

    /// <summary>Acts on one message; false when it closed the connection.</summary>
    private async Task<bool> HandleAsync(string text)
    {
        OperationMessage? message;
        try
        {
            message = serializer.Deserialize<OperationMessage>(text);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            message = null;
        }

        switch (message?.Type)
        {
            case "connection_init":
                if (Interlocked.Exchange(ref _initialised, 1) == 1)
                {
                    return Close(TooManyInits, "Too many initialisation requests");
                }
                if (TokenOf(message.Payload) is { } token)
                {
                    if (await sessions.SignIn(token) is not { } named)
                    {
                        return Close(Forbidden, "Forbidden");
                    }
                    caller = named;
                }
                if (!await sessions.StillMayAct(caller))
                {
                    return Close(Unauthorized, "Unauthorized");
                }
                _watch = sessions.Watch(caller, () => Close(Unauthorized, "Unauthorized"));
                Send(new OperationMessage { Type = "connection_ack" });
                return true;
            case "ping":
                Send(new OperationMessage { Type = "pong" });
                return true;
            case "pong":
                return true;
            case "subscribe" when message.Id is { Length: > 0 } id && ReadRequest(message.Payload) is { } request:
                if (Volatile.Read(ref _initialised) == 0 || !await sessions.StillMayAct(caller))
                {
                    return Close(Unauthorized, "Unauthorized");
                }
                if (admit(caller) is { } refusal)
                {
                    // Counted per message, as HTTP counts requests: the refused operation ends and its id is free again.
                    Send(new OperationMessage { Id = id, Type = "error", Payload = new ExecutionErrors { refusal } });
                    return true;
                }
                var operation = new Operation();
                if (!_operations.TryAdd(id, operation))
                {
                    operation.Dispose();
                    return Close(DuplicateSubscriber, $"Subscriber for {id} already exists");
                }
                _ = StartAsync(id, request, operation);
                return true;
            case "complete" when message.Id is { Length: > 0 } id:
                // Completing an operation that already ended is allowed: the messages may have crossed.
                if (_operations.TryRemove(id, out var completed))
                {
                    completed.Dispose();
                }
                return true;
            default:
                return Close(BadMessage, "Invalid message received");
        }
    }

    /// <summary>The token connection_init's payload carries, "" for one that is not text, null for none.</summary>
    private string? TokenOf(object? payload)
    {
        Dictionary<string, JsonElement>? fields;
        try
        {
            fields = payload is null ? null : serializer.ReadNode<Dictionary<string, JsonElement>>(payload);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
        foreach (var (key, value) in fields ?? [])
        {
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
            if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                return text.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? text[7..].Trim() : "";
            }
            if (key == "access_token")
            {
                return text;
            }
        }
        return null;
    }

    private GraphQLRequest? ReadRequest(object? payload)
    {
        try
        {
            return payload is null ? null : serializer.ReadNode<GraphQLRequest>(payload) is { Query.Length: > 0 } request ? request : null;
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or NotSupportedException)
        {
            return null;
        }
    }

    private async Task StartAsync(string id, GraphQLRequest request, Operation operation)
    {
        try
        {
            var result = await execute(request, caller, operation.Cancellation);
            if (!_operations.TryGetValue(id, out var current) || current != operation)
            {
                return;
            }
            if (!result.Executed)
            {
                // Refused before it ran (syntax, validation, variables, limits): the protocol's error message.
                End(id, operation, new OperationMessage { Id = id, Type = "error", Payload = result.Errors });
                return;
            }
            if (result.Streams is { Count: > 0 } streams)
            {
                operation.Attach(streams.Values.Single().Subscribe(new StreamObserver(this, id, operation)));
                return;
            }
            Send(new OperationMessage { Id = id, Type = "next", Payload = result });
            End(id, operation, new OperationMessage { Id = id, Type = "complete" });
        }
        catch (Exception) when (operation.Cancellation.IsCancellationRequested)
        {
            // The client completed it, or left, before it ran.
        }
        catch (Exception exception)
        {
            Fail(id, operation, exception);
        }
    }

    /// <summary>Ends an operation that broke after it was accepted, saying no more than GraphQL over HTTP would.</summary>
    private void Fail(string id, Operation operation, Exception exception)
    {
        logger.LogError(exception, "GraphQL operation {OperationId} over WebSocket failed", id);
        End(id, operation, new OperationMessage
        {
            Id = id,
            Type = "error",
            Payload = new ExecutionErrors { new ExecutionError(DomainErrorInfoProvider.InternalMessage) },
        });
    }

    /// <summary>Sends the last message of an operation, unless the client completed it first.</summary>
    private void End(string id, Operation operation, OperationMessage last)
    {
        if (_operations.TryRemove(new KeyValuePair<string, Operation>(id, operation)))
        {
            Send(last);
            operation.Dispose();
        }
    }

    private void Send(OperationMessage message) => _outgoing.Writer.TryWrite(new Outgoing(serializer.Serialize(message), null, null));

    private bool Close(WebSocketCloseStatus status, string reason)
    {
        _outgoing.Writer.TryWrite(new Outgoing(null, status, reason));
        _outgoing.Writer.TryComplete();
        return false;
    }

    private async Task WriteAsync()
    {
        try
        {
            await foreach (var outgoing in _outgoing.Reader.ReadAllAsync())
            {
                if (outgoing.Text is { } text)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                    continue;
                }
                await socket.CloseOutputAsync(outgoing.Status!.Value, outgoing.Reason, CancellationToken.None);
                _reading.CancelAfter(CloseGrace);
                return;
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
        {
            // The socket closed under us; the read loop sees it too and cleans up.
        }
    }

    private async Task CloseUnlessInitialised(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.ConnectionInitTimeout, cancellationToken);
            if (Volatile.Read(ref _initialised) == 0)
            {
                Close(InitTimeout, "Connection initialisation timeout");
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private sealed record Outgoing(string? Text, WebSocketCloseStatus? Status, string? Reason);

    /// <summary>A running operation: cancelling stops its execution, disposing also ends its stream.</summary>
    private sealed class Operation : IDisposable
    {
        private readonly CancellationTokenSource _cancellation = new();
        private readonly Lock _gate = new();
        private IDisposable? _stream;
        private bool _disposed;

        public Operation() => Cancellation = _cancellation.Token;

        public CancellationToken Cancellation { get; }

        /// <summary>A stream that arrives after the client completed the operation is let go at once.</summary>
        public void Attach(IDisposable stream)
        {
            lock (_gate)
            {
                if (!_disposed)
                {
                    _stream = stream;
                    return;
                }
            }
            stream.Dispose();
        }

        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }
                _disposed = true;
            }
            _cancellation.Cancel();
            _stream?.Dispose();
            _cancellation.Dispose();
        }
    }

    private sealed class StreamObserver(GraphQLWebSocketConnection connection, string id, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (value.Errors is { Count: > 0 } errors && value.Data is null)
            {
                // The access rule runs on each event, so a refused subscription's first event is its refusal: it
                // ends the operation with error, as graphql-transport-ws asks, and frees its id.
                connection.End(id, operation, new OperationMessage { Id = id, Type = "error", Payload = errors });
                return;
            }
            if (connection._operations.ContainsKey(id))
            {
                connection.Send(new OperationMessage { Id = id, Type = "next", Payload = value });
            }
        }

        public void OnError(Exception error) => connection.Fail(id, operation, error);

        public void OnCompleted() => connection.End(id, operation, new OperationMessage { Id = id, Type = "complete" });
    }
}
