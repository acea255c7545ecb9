using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Volunteers.Bench.Live;

/// <summary>
/// N dashboards, each following the campaign and one ward. A campaign update showing H helps means logs
/// 1..H have arrived, so each log's latency is counted once per dashboard, from its acknowledgement.
/// <para>Each dashboard speaks SignalR's JSON hub protocol over a bare WebSocket and reads of a message only the
/// scope and the help count, which come first in it. The bench shares the api's two cores: the .NET SignalR client
/// parsed every message whole, twice (into a JsonElement, then into a record), and 10,000 of them spent the CPU
/// the api under test and the bench's own phones needed.</para>
/// </summary>
internal sealed class Dashboards : IAsyncDisposable
{
    private const int ConnectingAtOnce = 32;
    private const byte RecordSeparator = 0x1e;

    /// <summary>Well within the server's 30 s client timeout, as the SignalR clients ping.</summary>
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(10);

    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly List<Dashboard> _connected = [];
    private readonly int[] _seen;
    private readonly District _district;
    private readonly byte[] _campaignId;
    private readonly CancellationTokenSource _closing = new();
    private Task _pinging = Task.CompletedTask;
    private long _seenBeforeAcknowledged;
    private long _messages;
    private long _bytes;
    private long _campaignMessages;

    private Dashboards(District district, int clients, int maxLogs)
    {
        _district = district;
        _campaignId = Encoding.UTF8.GetBytes(district.CampaignId);
        _seen = new int[clients];
        AcknowledgedAt = new long[maxLogs + 1];
    }

    public LatencyHistogram Latencies { get; } = new();

    /// <summary>
    /// As <see cref="Latencies"/>, with each update seen before its acknowledgement counted as 0 ms: a push that
    /// beats the phone's answer is no later than it, and leaving those out would keep only the slower ones.
    /// </summary>
    public LatencyHistogram LatenciesWithEarly { get; } = new();

    /// <summary>Updates a dashboard saw before the request that made them was acknowledged; not in <see cref="Latencies"/>.</summary>
    public long SeenBeforeAcknowledged => Interlocked.Read(ref _seenBeforeAcknowledged);

    /// <summary>
    /// When each log was acknowledged, by the campaign's help count after it (from 1); zero until it is.
    /// Sized to the most logs the run can send, so a soak of any length fits.
    /// </summary>
    public long[] AcknowledgedAt { get; }

    public int Slowest => _seen.Min();

    /// <summary>The first log whose updates are timed: those before it were the warm-up's.</summary>
    public int TimedFrom { get; set; } = 1;

    /// <summary>Updates the dashboards received, all scopes; with <see cref="Bytes"/>, what the api sent them.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>The updates' hub messages as received (JSON and its record separator): the api's bytes less WebSocket's few of framing a message.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Updates of the campaign alone, the scope every dashboard follows: divided by dashboards and seconds, its pushes a second.</summary>
    public long CampaignMessages => Interlocked.Read(ref _campaignMessages);

    /// <param name="viewer">Whose figures the dashboards show: the organiser's token follows the whole campaign and each ward.</param>
    public static async Task<Dashboards> ConnectAsync(ApiClient viewer, District district, int clients, int maxLogs)
    {
        var dashboards = new Dashboards(district, clients, maxLogs);
        var hub = new UriBuilder(new Uri(viewer.BaseAddress, "/hubs/live"))
        {
            Scheme = viewer.BaseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        }.Uri;
        // One handler for every socket: each upgrade still takes a connection of its own, without a handler each.
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        using var gate = new SemaphoreSlim(ConnectingAtOnce);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                var dashboard = new Dashboard(dashboards, i);
                // As the web app opens a socket: a one-time ticket in the URL, never the access token.
                var ticket = (await viewer.Data("mutation { socketTicket }"))["socketTicket"]!.GetValue<string>();
                await dashboard.ConnectAsync(new UriBuilder(hub) { Query = $"ticket={ticket}" }.Uri, invoker);
                lock (dashboards._connected)
                {
                    dashboards._connected.Add(dashboard);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        dashboards._pinging = dashboards.PingAsync(dashboards._closing.Token);
        return dashboards;
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _pinging;
        foreach (var dashboard in _connected)
        {
            dashboard.Dispose();
        }
        _closing.Dispose();
    }

    private async Task PingAsync(CancellationToken closing)
    {
        using var timer = new PeriodicTimer(PingEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(closing))
            {
                foreach (var dashboard in _connected)
                {
                    await dashboard.SendAsync(Ping);
                }
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    /// <summary>What a hub message says that the bench reads: its type, and for counts their scope and helps.</summary>
    private (int Type, bool Campaign, int Helps, string? Error) Read(ReadOnlySpan<byte> message)
    {
        var reader = new Utf8JsonReader(message);
        var (type, campaign, helps, error) = (0, (bool?)null, -1, (string?)null);
        // The counts' own scopeId and helps come before their rows' (children) and the recent helps, so the first of each is theirs.
        while ((campaign is null || helps < 0) && reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }
            if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                type = reader.GetInt32();
            }
            else if (reader.CurrentDepth == 1 && reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                error = reader.GetString();
                break;
            }
            else if (campaign is null && reader.ValueTextEquals("scopeId"u8))
            {
                reader.Read();
                campaign = reader.ValueTextEquals(_campaignId);
            }
            else if (helps < 0 && reader.ValueTextEquals("helps"u8))
            {
                reader.Read();
                helps = reader.GetInt32();
            }
        }
        return (type, campaign == true, helps, error);
    }

    private void Arrived(int index, bool campaign, int helps)
    {
        if (!campaign)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        // One dashboard's messages arrive one at a time, so its own slot needs no lock.
        for (var k = Math.Max(_seen[index] + 1, TimedFrom); k <= Math.Min(helps, AcknowledgedAt.Length - 1); k++)
        {
            var acknowledged = Volatile.Read(ref AcknowledgedAt[k]);
            if (acknowledged == 0)
            {
                // Pushed before its request was answered: no honest latency from the acknowledgement, so counted apart.
                Interlocked.Increment(ref _seenBeforeAcknowledged);
                LatenciesWithEarly.Add(TimeSpan.Zero);
                continue;
            }
            var latency = Stopwatch.GetElapsedTime(acknowledged, now);
            Latencies.Add(latency);
            LatenciesWithEarly.Add(latency);
        }
        _seen[index] = Math.Max(_seen[index], helps);
    }

    /// <summary>One dashboard's socket: the handshake, its two Subscribe invocations, then updates until the run ends.</summary>
    private sealed class Dashboard(Dashboards owner, int index) : IDisposable
    {
        private const int Subscriptions = 2;
        private readonly ClientWebSocket _socket = new();
        private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private byte[] _buffer = new byte[4096];
        private bool _handshaken;
        private int _answered;

        public async Task ConnectAsync(Uri hub, HttpMessageInvoker invoker)
        {
            // SignalR pings both ways; WebSocket's own pings would only add frames.
            _socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await _socket.ConnectAsync(hub, invoker, CancellationToken.None);
            await SendAsync(Handshake);
            _ = ReceiveAsync();
            var district = owner._district;
            await SendAsync(Invocation(1, district.CampaignId, null));
            await SendAsync(Invocation(2, district.CampaignId, district.WardIds[index % district.WardIds.Count]));
            await _subscribed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }

        /// <summary>Sends are one at a time: the connection's subscribes finish before the pings start.</summary>
        public Task SendAsync(byte[] message) => _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        /// <summary>Ends the socket at once: the run is over, and 10,000 closing handshakes would only add to its tail.</summary>
        public void Dispose()
        {
            _socket.Abort();
            _socket.Dispose();
        }

        private static byte[] Invocation(int id, string campaignId, string? scopeId) =>
            [.. JsonSerializer.SerializeToUtf8Bytes(new { type = 1, invocationId = id.ToString(System.Globalization.CultureInfo.InvariantCulture), target = "Subscribe", arguments = new[] { campaignId, scopeId } }), RecordSeparator];

        private async Task ReceiveAsync()
        {
            var filled = 0;
            try
            {
                while (true)
                {
                    if (filled == _buffer.Length)
                    {
                        Array.Resize(ref _buffer, _buffer.Length * 2);
                    }
                    var received = await _socket.ReceiveAsync(_buffer.AsMemory(filled), CancellationToken.None);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        _subscribed.TrySetException(new InvalidOperationException($"The hub closed dashboard {index}: {_socket.CloseStatusDescription}"));
                        return;
                    }
                    filled += received.Count;
                    var start = 0;
                    int end;
                    while ((end = Array.IndexOf(_buffer, RecordSeparator, start, filled - start)) >= 0)
                    {
                        Handle(_buffer.AsSpan(start, end - start));
                        start = end + 1;
                    }
                    Buffer.BlockCopy(_buffer, start, _buffer, 0, filled - start);
                    filled -= start;
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException)
            {
                // Aborted at the end of the run, or the api went away: a dashboard not yet subscribed says so.
                _subscribed.TrySetException(exception);
            }
        }

        private void Handle(ReadOnlySpan<byte> message)
        {
            var (type, campaign, helps, error) = owner.Read(message);
            if (error is not null)
            {
                _subscribed.TrySetException(new InvalidOperationException($"Dashboard {index}: {error}"));
                return;
            }
            if (!_handshaken)
            {
                // The handshake's answer is an empty object.
                _handshaken = true;
                return;
            }
            switch (type)
            {
                case 1:
                    Interlocked.Increment(ref owner._messages);
                    Interlocked.Add(ref owner._bytes, message.Length + 1);
                    if (campaign)
                    {
                        Interlocked.Increment(ref owner._campaignMessages);
                    }
                    owner.Arrived(index, campaign, helps);
                    break;
                case 3:
                    // A Subscribe's answer: the snapshot, which counts as an arrival as an update does.
                    owner.Arrived(index, campaign, helps);
                    if (++_answered == Subscriptions)
                    {
                        _subscribed.TrySetResult();
                    }
                    break;
            }
        }
    }
}

/// <summary>Millisecond buckets up to a minute, filled from many threads at once.</summary>
internal sealed class LatencyHistogram
{
    private readonly long[] _buckets = new long[60_001];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add(TimeSpan latency)
    {
        Interlocked.Increment(ref _buckets[Math.Clamp((int)latency.TotalMilliseconds, 0, _buckets.Length - 1)]);
        Interlocked.Increment(ref _count);
    }

    public double Percentile(double share)
    {
        var wanted = (long)Math.Ceiling(Count * share);
        long running = 0;
        for (var ms = 0; ms < _buckets.Length; ms++)
        {
            running += _buckets[ms];
            if (running >= wanted && wanted > 0)
            {
                return ms;
            }
        }
        return double.NaN;
    }
}
