using System.Globalization;
using Volunteers.Bench.Live;

// Measures the live hub on loopback: dotnet run -c Release --project bench/Volunteers.Bench.Live -- --clients 1000
// The api must be built first (dotnet build -c Release api); it runs as a child process so its memory and CPU are its own.
var options = BenchOptions.Parse(args);
await using var server = await ApiProcess.StartAsync(options);
var district = await District.CreateAsync(server.Client, options.Wards);
var idle = server.Sample();

await using var dashboards = await Dashboards.ConnectAsync(server.BaseAddress, district, options.Clients);
GC.Collect();
var connected = server.Sample();

using var soaking = new CancellationTokenSource();
var sampling = options.SampleEvery > TimeSpan.Zero ? SampleAsync(soaking.Token) : Task.CompletedTask;
var run = await LogLoad.RunAsync(server.Client, district, dashboards, options);
await soaking.CancelAsync();
await sampling;
var busy = server.Sample();

var latencies = dashboards.Latencies;
var bytesPerConnection = (connected.ResidentBytes - idle.ResidentBytes) / (double)options.Clients;
var cpu = (busy.CpuSeconds - connected.CpuSeconds) / run.Elapsed.TotalSeconds;
if (options.SampleEvery > TimeSpan.Zero)
{
    Console.WriteLine();
    Console.WriteLine("| dashboards | wards | logs | latency p50 | p99 | updates seen | per connection | api CPU | api RSS connected |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
}
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.Clients,6} | {options.Wards} | {run.Logs} in {run.Elapsed.TotalSeconds:0} s ({run.Logs / run.Elapsed.TotalSeconds:0.0}/s) "
    + $"| {latencies.Percentile(0.50):0} ms | {latencies.Percentile(0.99):0} ms | {latencies.Count:N0} "
    + $"| {bytesPerConnection / 1024:0.0} KB | {cpu * 100:0} % | {connected.ResidentBytes / 1048576.0:0} MB |"));

if (options.SampleEvery > TimeSpan.Zero)
{
    var reconcile = await District.GraphQLAsync(server.Client, "query($c: ID!) { reconcile(campaignId: $c) { exact records } }", new { c = district.CampaignId });
    Console.WriteLine($"reconcile: {reconcile.GetProperty("reconcile")}");
}

// A soak's course: the api's memory and CPU each period, and the dashboards' latencies so far.
async Task SampleAsync(CancellationToken stop)
{
    Console.WriteLine("| s | api RSS MB | api CPU % | dashboard latency p50 ms so far | p99 ms so far | slowest dashboard has seen |");
    Console.WriteLine("|---|---|---|---|---|---|");
    var started = System.Diagnostics.Stopwatch.GetTimestamp();
    var last = server.Sample();
    using var timer = new PeriodicTimer(options.SampleEvery);
    try
    {
        while (await timer.WaitForNextTickAsync(stop))
        {
            var now = server.Sample();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:0} | {now.ResidentBytes / 1048576.0:0} | {(now.CpuSeconds - last.CpuSeconds) / options.SampleEvery.TotalSeconds * 100:0} "
                + $"| {dashboards.Latencies.Percentile(0.50):0} | {dashboards.Latencies.Percentile(0.99):0} | {dashboards.Slowest} |"));
            last = now;
        }
    }
    catch (OperationCanceledException)
    {
        // The load ended.
    }
}
