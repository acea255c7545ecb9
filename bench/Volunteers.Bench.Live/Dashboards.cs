using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Volunteers.Bench.Live;

/// <summary>The fields of the hub's messages the benchmark reads; the rest is skipped when parsing.</summary>
internal sealed record Counts(string ScopeId, long Version, int Helps);

internal sealed record Update(Counts Counts);

/// <summary>
/// N dashboards, each following the campaign and one ward. A campaign update showing H helps means logs
/// 1..H have arrived, so each log's latency is counted once per dashboard, from its acknowledgement.
/// </summary>
internal sealed class Dashboards : IAsyncDisposable
{
    private const int ConnectingAtOnce = 32;
    private readonly List<HubConnection> _connections = [];
    private readonly int[] _seen;
    private readonly District _district;
    private readonly string? _accessToken;
    private long _seenBeforeAcknowledged;
    private long _messages;
    private long _bytes;
    private long _campaignMessages;

    private Dashboards(District district, int clients, int maxLogs, string? accessToken)
    {
        _district = district;
        _seen = new int[clients];
        AcknowledgedAt = new long[maxLogs + 1];
        _accessToken = accessToken;
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

    /// <summary>Updates the dashboards received, all scopes; with <see cref="Bytes"/>, what the api sent them.</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>The UTF-8 JSON of the updates' arguments as received: the api's bytes less SignalR's and WebSocket's few bytes of framing a message.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Updates of the campaign alone, the scope every dashboard follows: divided by dashboards and seconds, its pushes a second.</summary>
    public long CampaignMessages => Interlocked.Read(ref _campaignMessages);

    /// <param name="viewer">Whose figures the dashboards show: the organiser's token follows the whole campaign and each ward.</param>
    public static async Task<Dashboards> ConnectAsync(ApiClient viewer, District district, int clients, int maxLogs)
    {
        var baseAddress = viewer.BaseAddress;
        var dashboards = new Dashboards(district, clients, maxLogs, viewer.AccessToken);
        var hub = new Uri(baseAddress, "/hubs/live");
        using var gate = new SemaphoreSlim(ConnectingAtOnce);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await dashboards.ConnectOne(hub, i);
            }
            finally
            {
                gate.Release();
            }
        }));
        return dashboards;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var chunk in _connections.Chunk(ConnectingAtOnce))
        {
            await Task.WhenAll(chunk.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private async Task ConnectOne(Uri hub, int index)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult(_accessToken);
            })
            .Build();
        connection.On<JsonElement>("Update", update => Received(index, update));
        await connection.StartAsync();
        lock (_connections)
        {
            _connections.Add(connection);
        }
        var snapshot = await connection.InvokeAsync<Counts>("Subscribe", _district.CampaignId, null);
        await connection.InvokeAsync<Counts>("Subscribe", _district.CampaignId, _district.WardIds[index % _district.WardIds.Count]);
        Arrived(index, snapshot);
    }

    private void Received(int index, JsonElement update)
    {
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _bytes, Encoding.UTF8.GetByteCount(update.GetRawText()));
        var counts = update.Deserialize<Update>(JsonSerializerOptions.Web)!.Counts;
        if (counts.ScopeId == _district.CampaignId)
        {
            Interlocked.Increment(ref _campaignMessages);
        }
        Arrived(index, counts);
    }

    private void Arrived(int index, Counts counts)
    {
        if (counts.ScopeId != _district.CampaignId)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        // One dashboard's messages arrive one at a time, so its own slot needs no lock.
        for (var k = _seen[index] + 1; k <= Math.Min(counts.Helps, AcknowledgedAt.Length - 1); k++)
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
        _seen[index] = Math.Max(_seen[index], counts.Helps);
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
