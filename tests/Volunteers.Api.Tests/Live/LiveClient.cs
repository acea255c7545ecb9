using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Volunteers.Api.Live;

namespace Volunteers.Tests.Live;

/// <summary>A hub connection that keeps every update it gets, so a test can wait for the one it expects.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Channel<LiveUpdate> _arrived = Channel.CreateUnbounded<LiveUpdate>();

    public LiveClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<LiveUpdate>(nameof(ILiveClient.Update), update =>
        {
            Updates.Enqueue(update);
            _arrived.Writer.TryWrite(update);
        });
    }

    public HubConnection Connection { get; }

    /// <summary>A connection over the test server's WebSocket, with the token where stock clients put it.</summary>
    public static LiveClient Connect(TestServer server, string? accessToken) =>
        At(server, accessToken is null ? "" : $"?access_token={Uri.EscapeDataString(accessToken)}");

    /// <summary>A connection as the web app opens one: a one-time ticket in its address.</summary>
    public static LiveClient WithTicket(TestServer server, string ticket) => At(server, $"?ticket={Uri.EscapeDataString(ticket)}");

    /// <summary>A connection with <paramref name="query"/> on the hub's URL, as any client might send it.</summary>
    public static LiveClient At(TestServer server, string query) =>
        new(new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/live" + query), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.WebSocketFactory = async (context, cancellationToken) =>
                    await server.CreateWebSocketClient().ConnectAsync(context.Uri, cancellationToken);
            })
            .Build());

    public ConcurrentQueue<LiveUpdate> Updates { get; } = new();

    public async Task<LiveClient> Start()
    {
        await Connection.StartAsync();
        return this;
    }

    public Task<LiveCounts> Subscribe(string campaignId, string? scopeId = null) =>
        Connection.InvokeAsync<LiveCounts>(nameof(LiveHub.Subscribe), campaignId, scopeId);

    /// <summary>Waits for an update of <paramref name="scopeId"/> that satisfies <paramref name="condition"/>, received before or after the call.</summary>
    public async Task<LiveUpdate> Until(string scopeId, Func<LiveCounts, bool> condition)
    {
        bool Matches(LiveUpdate u) => u.Counts.ScopeId == scopeId && condition(u.Counts);
        using var timeout = new CancellationTokenSource(Patience);
        if (Updates.FirstOrDefault(Matches) is { } seen)
        {
            return seen;
        }
        while (true)
        {
            var update = await _arrived.Reader.ReadAsync(timeout.Token);
            if (Matches(update))
            {
                return update;
            }
        }
    }

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
