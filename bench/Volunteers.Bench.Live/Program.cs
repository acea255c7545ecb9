using System.Diagnostics;
using System.Globalization;
using Volunteers.Bench;
using Volunteers.Bench.Live;

// Measures the live hub on loopback against an api that bench/run.sh --soak started (with the bench's
// limits and an organiser made by create-organiser); --pid names that api, so its memory and CPU are its own.
var options = BenchOptions.Parse(args);
using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromSeconds(30) };
var organiser = await Organiser.SignInAsync(new ApiClient(http), options.Organiser, options.Password);
var district = await District.SetUpAsync(organiser, options.Wards, options.VolunteersPerWard, options.InFlight);
var idle = ProcessStats.Of(options.ApiPid);

await using var dashboards = await Dashboards.ConnectAsync(organiser.Api, district, options.Clients, options.MaxLogs);
var connected = ProcessStats.Of(options.ApiPid);
if (options.Idle > TimeSpan.Zero)
{
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{options.Clients} dashboards connected, api RSS {connected.ResidentMegabytes:0} MB ({idle.ResidentMegabytes:0} MB before); idle for {options.Idle.TotalSeconds:0} s"));
    await Task.Delay(options.Idle);
    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after idling, api RSS {ProcessStats.Of(options.ApiPid).ResidentMegabytes:0} MB"));
}
var warm = 0;
if (options.Warm > TimeSpan.Zero)
{
    // None of the warm-up's updates is timed: it ends only once every dashboard has seen its last log.
    dashboards.TimedFrom = int.MaxValue;
    (warm, _) = await LogLoad.RunAsync(district, dashboards, options, options.Warm, before: 0);
    dashboards.TimedFrom = warm + 1;
}
var loaded = ProcessStats.Of(options.ApiPid);

var messagesBefore = dashboards.Messages;
var bytesBefore = dashboards.Bytes;
var campaignBefore = dashboards.CampaignMessages;
using var soaking = new CancellationTokenSource();
var sampling = options.SampleEvery > TimeSpan.Zero ? SampleAsync(soaking.Token) : Task.CompletedTask;
var run = await LogLoad.RunAsync(district, dashboards, options, options.Duration, before: warm);
await soaking.CancelAsync();
await sampling;
var busy = ProcessStats.Of(options.ApiPid);
var messages = dashboards.Messages - messagesBefore;
var bytes = dashboards.Bytes - bytesBefore;
var pushesPerDashboard = (dashboards.CampaignMessages - campaignBefore) / (double)options.Clients / run.Elapsed.TotalSeconds;

var latencies = dashboards.Latencies;
var bytesPerConnection = (connected.ResidentBytes - idle.ResidentBytes) / (double)options.Clients;
var cpu = (busy.CpuSeconds - loaded.CpuSeconds) / run.Elapsed.TotalSeconds;
if (options.SampleEvery > TimeSpan.Zero)
{
    Console.WriteLine();
    Console.WriteLine("| dashboards | wards | logs | latency p50 | p99 | updates seen | per connection | api CPU | api RSS connected |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.Clients,6} | {options.Wards} | {run.Logs} in {run.Elapsed.TotalSeconds:0} s ({run.Logs / run.Elapsed.TotalSeconds:0.0}/s) "
    + $"| {latencies.Percentile(0.50):0} ms | {latencies.Percentile(0.99):0} ms | {latencies.Count:N0} "
    + $"| {bytesPerConnection / 1024:0.0} KB | {cpu * 100:0} % | {connected.ResidentMegabytes:0} MB |"));

// What the api sent, and its CPU for it: on a shared machine these hold where the latencies do not.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Sent: {messages / run.Elapsed.TotalSeconds:N0} messages/s, {bytes / run.Elapsed.TotalSeconds / 1024:N0} KB/s of JSON "
    + $"({(messages == 0 ? 0 : bytes / messages):N0} bytes a message); the campaign pushed {pushesPerDashboard:0.0} times a second to each dashboard; "
    + $"api CPU {(busy.CpuSeconds - loaded.CpuSeconds) * 1000 / Math.Max(run.Logs, 1):0.0} ms a log, "
    + $"{(busy.CpuSeconds - loaded.CpuSeconds) * 1e6 / Math.Max(messages, 1):0.0} µs a message received; load average {string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3])}."));
// Once connected is what a dashboard holds; after pushing, the pools also hold the buffers a push has in flight.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Memory: api RSS {busy.ResidentMegabytes:0} MB after the run, {(busy.ResidentBytes - idle.ResidentBytes) / (double)options.Clients / 1024:0.0} KB a connection over the RSS before connecting."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Updates that reached a dashboard before their request was acknowledged, not timed: {dashboards.SeenBeforeAcknowledged:N0} of {latencies.Count + dashboards.SeenBeforeAcknowledged:N0}; "
    + $"counted as 0 ms, p50 {dashboards.LatenciesWithEarly.Percentile(0.50):0} ms, p99 {dashboards.LatenciesWithEarly.Percentile(0.99):0} ms."));

if (options.SampleEvery > TimeSpan.Zero)
{
    var reconcile = (await organiser.Api.Data("query($c: ID!) { reconcile(campaignId: $c) { exact records } }", new { c = district.CampaignId }))["reconcile"]!;
    Console.WriteLine($"reconcile: {reconcile.ToJsonString()}");
}

// A soak's course: the api's memory and CPU each period, and the dashboards' latencies so far.
async Task SampleAsync(CancellationToken stop)
{
    Console.WriteLine("| s | api RSS MB | api CPU % | dashboard latency p50 ms so far | p99 ms so far | slowest dashboard has seen |");
    Console.WriteLine("|---|---|---|---|---|---|");
    var started = Stopwatch.GetTimestamp();
    var last = ProcessStats.Of(options.ApiPid);
    using var timer = new PeriodicTimer(options.SampleEvery);
    try
    {
        while (await timer.WaitForNextTickAsync(stop))
        {
            var now = ProcessStats.Of(options.ApiPid);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Stopwatch.GetElapsedTime(started).TotalSeconds:0} | {now.ResidentMegabytes:0} | {(now.CpuSeconds - last.CpuSeconds) / options.SampleEvery.TotalSeconds * 100:0} "
                + $"| {dashboards.Latencies.Percentile(0.50):0} | {dashboards.Latencies.Percentile(0.99):0} | {dashboards.Slowest} |"));
            last = now;
        }
    }
    catch (OperationCanceledException)
    {
        // The load ended.
    }
}
