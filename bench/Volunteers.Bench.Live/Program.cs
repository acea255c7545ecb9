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

var run = await LogLoad.RunAsync(server.Client, district, dashboards, options);
var busy = server.Sample();

var latencies = dashboards.Latencies;
var bytesPerConnection = (connected.ResidentBytes - idle.ResidentBytes) / (double)options.Clients;
var cpu = (busy.CpuSeconds - connected.CpuSeconds) / run.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.Clients,6} | {options.Wards} | {run.Logs} in {run.Elapsed.TotalSeconds:0} s ({run.Logs / run.Elapsed.TotalSeconds:0.0}/s) "
    + $"| {latencies.Percentile(0.50):0} ms | {latencies.Percentile(0.99):0} ms | {latencies.Count:N0} "
    + $"| {bytesPerConnection / 1024:0.0} KB | {cpu * 100:0} % | {connected.ResidentBytes / 1048576.0:0} MB |"));
