using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Volunteers;
using Volunteers.Accounts;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Hosting;
using Volunteers.Places;
using Volunteers.Tallies;
using Volunteers.Teams;
using Volunteers.Volunteering;

// What a checked-in volunteer costs the silo: N volunteers in teams of 200, a ward per 1,000, joining as
// the api joins them (account, volunteer, session) and checking in on a silo over a fresh SQLite file, hosted
// as the embedded api hosts it; the managed heap (after a full GC) and the process's RSS before the joins, just
// after them, after the phones worked past the idle limits (a log each every 50 s), and once they stopped.
// Usage: dotnet run -c Release -- [volunteers, default 10000] [minutes working, default the idle limits and 30 s]
// [minutes idle, default twice the idle limits and 30 s]. Work longer than the api's SessionWatch.CacheFor to see
// each session asked again, as over a whole day. PRESENCE_PAUSE=<s> waits at each measure for a gcdump; other
// settings come from the environment (Memory__QuietCollection__QuietLooks=1000000: no collection when quiet).
var volunteers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var folder = Directory.CreateTempSubdirectory("volunteers-presence-").FullName;
// The environment first: a store named in the shell must not take the place of this run's fresh file.
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(
[
    new("Storage:Provider", "Sqlite"),
    new("ConnectionStrings:Volunteers", $"Data Source={Path.Combine(folder, "volunteers.db")}"),
    // Ports of its own, so the bench runs beside an api or another bench on the same machine.
    new("Orleans:SiloPort", FreePort()),
    new("Orleans:GatewayPort", FreePort()),
]).Build();
var database = Volunteers.Storage.Database.FromConfiguration(configuration);
// The silo as the embedded api builds it (VolunteersHosting), without the web, the demo and the operators' telemetry:
// Orleans' testing host has a directory of its own, with a cache the api's lone silo does not keep (~0.4 KB a working
// volunteer).
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(typeof(QuietCollection).FullName, LogLevel.Information);
builder.UseOrleans(silo =>
{
    silo.AddVolunteers(configuration, database).UseVolunteersClustering(configuration, database);
    // The collector looks each quantum; Orleans' minute would only blur when the day grains go.
    silo.Services.Configure<GrainCollectionOptions>(options => options.CollectionQuantum = TimeSpan.FromSeconds(10));
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
try
{
    var clock = Stopwatch.StartNew();
    var province = await grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit("Tỉnh đo", UnitKind.Province, null, null));
    // Each member by phone until they join; the join gives them their volunteer id.
    var teams = new List<(string TeamId, string WardId, string DeskId, List<string> Phones)>();
    var created = 0;
    for (var w = 0; created < volunteers; w++)
    {
        var ward = await grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit($"Xã {w}", UnitKind.Ward, null, province.Id));
        var desk = await grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit($"Một cửa {w}", UnitKind.Desk, null, ward.Id));
        for (var t = 0; t < 5 && created < volunteers; t++)
        {
            var team = await grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create($"Tổ {w}-{t}", ward.Id);
            var size = Math.Min(TeamInfo.MaxMembers, volunteers - created);
            teams.Add((team.Id, ward.Id, desk.Id, [.. Enumerable.Range(created, size).Select(n => $"09{n:D8}")]));
            created += size;
        }
    }
    var campaignId = Ids.New(Ids.Campaign);
    var campaign = grains.GetGrain<ICampaignGrain>(campaignId);
    await campaign.Create(new NewCampaign("Ngày đo", DateOnly.FromDateTime(DateTime.UtcNow), new TimeOnly(0, 0), new TimeOnly(23, 59),
        [.. teams.Select(t => t.WardId).Distinct()], null, false));
    foreach (var team in teams)
    {
        await grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaignId, team.WardId)).Assign(team.DeskId, team.TeamId);
    }
    await campaign.Start();
    Console.WriteLine($"set up {volunteers:N0} volunteers in {teams.Count} teams in {clock.Elapsed.TotalSeconds:0} s");

    // Each phone's ids are made before the first measure: a phone holds them, not the silo, and the strings of 10,000
    // of them (~180 B a volunteer with the bench's own bookkeeping) would otherwise count as the silo's.
    var phones = teams.SelectMany(t => t.Phones.Select(p => new Phone(t.TeamId, t.DeskId, p, Ids.New(Ids.Volunteer), SessionId()))).ToArray();
    var asked = new long[phones.Length];
    var before = await Measure("before the joins");
    clock.Restart();
    // A join as the api makes it: the account with its first session, the volunteer on the team's roster, the session;
    // then the phone checks in.
    await Parallel.ForEachAsync(phones, new ParallelOptions { MaxDegreeOfParallelism = 8 },
        async (member, _) =>
        {
            var login = Volunteers.Accounts.Logins.OfPhone(member.Number);
            await grains.GetGrain<IAccountGrain>(login).Create(new NewAccount(Role.Volunteer, member.VolunteerId, Hex(), $"invite:{member.TeamId}", member.SessionId));
            await grains.GetGrain<IVolunteerGrain>(member.VolunteerId).Create(new NewVolunteer($"TNV {member.Number}", member.Number, null, member.TeamId));
            await grains.GetGrain<ISessionGrain>(member.SessionId).Start(login, Hex(), DateTimeOffset.UtcNow.AddDays(30));
            await grains.GetGrain<ISessionGrain>(member.SessionId).MayAct();
            await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, member.VolunteerId)).CheckIn(member.DeskId);
        });
    var level = grains.GetGrain<ITallyGrain>(Ids.Scoped(campaignId, campaignId));
    while ((await level.Get()).OnDuty != volunteers)
    {
        await Task.Delay(200);
    }
    Console.WriteLine($"joined, checked in and counted on duty in {clock.Elapsed.TotalSeconds:0} s");
    var afterJoins = await Measure("just after the joins");

    // Working: each phone logs a help every 50 s (2,000 records/s over 100,000 volunteers), and the api asks its
    // session whether it may act once its cached answer has lapsed, as the api does.
    var idleLimit = TimeSpan.FromMinutes(Math.Max(AccountGrain.IdleFor, VolunteerDayGrain.IdleFor));
    var workFor = args.Length > 1 ? TimeSpan.FromMinutes(double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture)) : idleLimit + TimeSpan.FromSeconds(30);
    var every = TimeSpan.FromSeconds(50);
    Console.WriteLine($"working for {workFor.TotalSeconds:0} s, a log a phone every {every.TotalSeconds:0} s");
    Array.Fill(asked, Stopwatch.GetTimestamp());
    var working = Stopwatch.StartNew();
    var logs = 0L;
    await Parallel.ForEachAsync(Enumerable.Range(0, int.MaxValue).TakeWhile(_ => working.Elapsed < workFor), new ParallelOptions { MaxDegreeOfParallelism = 8 },
        async (n, cancel) =>
        {
            var due = every * (n / phones.Length) + every * (n % phones.Length) / phones.Length;
            if (due > working.Elapsed)
            {
                await Task.Delay(due - working.Elapsed, cancel);
            }
            var phone = phones[n % phones.Length];
            if (Stopwatch.GetElapsedTime(asked[n % phones.Length]) >= SessionWatch.CacheFor)
            {
                if (!await grains.GetGrain<ISessionGrain>(phone.SessionId).MayAct())
                {
                    throw new InvalidOperationException($"session {phone.SessionId} may not act");
                }
                asked[n % phones.Length] = Stopwatch.GetTimestamp();
            }
            var results = await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, phone.VolunteerId))
                .Log([new HelpEntry(Ids.New("r"), "account", null, Channel.OneStopDesk, Outcome.Done, 5, null, null)]);
            if (results[0].Error is { } error)
            {
                throw error;
            }
            Interlocked.Increment(ref logs);
        });
    Console.WriteLine($"logged {logs:N0} helps in {working.Elapsed.TotalSeconds:0} s");
    var busy = await Measure("working (a log a phone every 50 s)");

    // Orleans looks at an activation only when its collection ticket falls due, and one used since is given a whole
    // age limit more from then: a grain goes between one and two limits after its last call.
    var idle = args.Length > 2 ? TimeSpan.FromMinutes(double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture)) : 2 * idleLimit + TimeSpan.FromSeconds(30);
    Console.WriteLine($"waiting {idle.TotalSeconds:0} s with no phone working");
    await Task.Delay(idle);
    var rested = await Measure("checked in, idle");
    Console.WriteLine($"on duty at the campaign level: {(await level.Get()).OnDuty:N0}");
    // How much of the idle RSS is memory the GC keeps committed rather than objects: a compacting collection that
    // gives back all it can.
    GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    using (var process = Process.GetCurrentProcess())
    {
        Console.WriteLine($"idle, after an aggressive collection: GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:N1} MB, RSS {process.WorkingSet64 / 1048576.0:N1} MB, {(process.WorkingSet64 - before.Rss) / (double)volunteers:N0} B a volunteer over before the joins");
    }

    Console.WriteLine($"a checked-in volunteer just after the joins: {(afterJoins.Heap - before.Heap) / (double)volunteers:N0} B managed heap, {(afterJoins.Rss - before.Rss) / (double)volunteers:N0} B RSS");
    Console.WriteLine($"a checked-in volunteer working:              {(busy.Heap - before.Heap) / (double)volunteers:N0} B managed heap, {(busy.Rss - before.Rss) / (double)volunteers:N0} B RSS");
    Console.WriteLine($"a checked-in volunteer idle:                 {(rested.Heap - before.Heap) / (double)volunteers:N0} B managed heap, {(rested.Rss - before.Rss) / (double)volunteers:N0} B RSS");
}
finally
{
    await host.StopAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

async Task<(long Heap, long Rss)> Measure(string label)
{
    // What the process holds as it stands, before this measure's own full collection frees anything.
    long standing;
    using (var unmeasured = Process.GetCurrentProcess())
    {
        standing = unmeasured.WorkingSet64;
    }
    var heap = GC.GetTotalMemory(forceFullCollection: true);
    using var process = Process.GetCurrentProcess();
    var rss = process.WorkingSet64;
    var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
    var activations = (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
        .GroupBy(s => s.GrainType.Split(',')[0].Split('.')[^1])
        .OrderByDescending(g => g.Sum(s => s.ActivationCount))
        .Take(6)
        .Select(g => $"{g.Key} {g.Sum(s => s.ActivationCount):N0}");
    Console.WriteLine($"{label}: managed heap {heap / 1048576.0:N1} MB, GC committed {committed / 1048576.0:N1} MB, RSS {rss / 1048576.0:N1} MB ({standing / 1048576.0:N1} MB before the collection); activations: {string.Join(", ", activations)}");
    if (Environment.GetEnvironmentVariable("PRESENCE_PAUSE") is { } pause)
    {
        // Time for `dotnet-gcdump collect -p` to see this point's live objects.
        Console.WriteLine($"pausing {pause} s at '{label}', pid {Environment.ProcessId}");
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(pause, System.Globalization.CultureInfo.InvariantCulture)));
    }
    return (heap, rss);
}

static string Hex() => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

static string FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

static string SessionId() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

/// <summary>A member's phone: its team's place, its number, and the ids its join gives it.</summary>
internal sealed record Phone(string TeamId, string DeskId, string Number, string VolunteerId, string SessionId);
