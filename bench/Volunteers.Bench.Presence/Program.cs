using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using Volunteers;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Hosting;
using Volunteers.Places;
using Volunteers.Tallies;
using Volunteers.Teams;
using Volunteers.Volunteering;

// What a checked-in volunteer costs the silo: N volunteers in teams of 200, a ward per 1,000, checked
// in on an in-process silo over a fresh SQLite file; the managed heap (after a full GC) and the
// process's RSS before the check-ins, once every level counts them on duty, and once the idle
// volunteer-day grains were collected. Usage: dotnet run -c Release -- [volunteers, default 10000]
var volunteers = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10_000;
var folder = Directory.CreateTempSubdirectory("volunteers-presence-").FullName;
// The test cluster writes its logs below the current folder; they go with the database.
Directory.SetCurrentDirectory(folder);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(
[
    new("Storage:Provider", "Sqlite"),
    new("ConnectionStrings:Volunteers", $"Data Source={Path.Combine(folder, "volunteers.db")}"),
]).Build();
var builder = new InProcessTestClusterBuilder(1);
builder.ConfigureSilo((_, silo) =>
{
    silo.AddVolunteers(configuration, Volunteers.Storage.Database.FromConfiguration(configuration));
    // The collector looks each quantum; Orleans' minute would only blur when the day grains go.
    silo.Services.Configure<GrainCollectionOptions>(options => options.CollectionQuantum = TimeSpan.FromSeconds(10));
});
var cluster = builder.Build();
await cluster.DeployAsync();
IGrainFactory grains = cluster.Client;
try
{
    var clock = Stopwatch.StartNew();
    var province = await grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit("Tỉnh đo", UnitKind.Province, null, null));
    var teams = new List<(string TeamId, string WardId, string DeskId, List<string> Volunteers)>();
    var created = 0;
    for (var w = 0; created < volunteers; w++)
    {
        var ward = await grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit($"Xã {w}", UnitKind.Ward, null, province.Id));
        var desk = await grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit($"Một cửa {w}", UnitKind.Desk, null, ward.Id));
        for (var t = 0; t < 5 && created < volunteers; t++)
        {
            var team = await grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create($"Tổ {w}-{t}", ward.Id);
            var members = new List<string>();
            for (var v = 0; v < TeamInfo.MaxMembers && created < volunteers; v++, created++)
            {
                members.Add((await grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(new NewVolunteer($"TNV {created}", $"09{created:D8}", null, team.Id))).Id);
            }
            teams.Add((team.Id, ward.Id, desk.Id, members));
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

    var before = await Measure("before check-ins");
    clock.Restart();
    await Parallel.ForEachAsync(teams.SelectMany(t => t.Volunteers.Select(v => (t.DeskId, VolunteerId: v))), new ParallelOptions { MaxDegreeOfParallelism = 8 },
        async (member, _) => await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, member.VolunteerId)).CheckIn(member.DeskId));
    var level = grains.GetGrain<ITallyGrain>(Ids.Scoped(campaignId, campaignId));
    while ((await level.Get()).OnDuty != volunteers)
    {
        await Task.Delay(200);
    }
    Console.WriteLine($"checked in and counted on duty in {clock.Elapsed.TotalSeconds:0} s");
    var checkedIn = await Measure("checked in, day grains active");

    var idle = TimeSpan.FromMinutes(VolunteerDayGrain.IdleFor) + TimeSpan.FromSeconds(30);
    Console.WriteLine($"waiting {idle.TotalSeconds:0} s for the idle volunteer-day grains to be collected");
    await Task.Delay(idle);
    var collected = await Measure("checked in, day grains collected");
    Console.WriteLine($"on duty at the campaign level: {(await level.Get()).OnDuty:N0}");

    Console.WriteLine($"a checked-in volunteer, day grain active:    {(checkedIn.Heap - before.Heap) / (double)volunteers:N0} B managed heap, {(checkedIn.Rss - before.Rss) / (double)volunteers:N0} B RSS");
    Console.WriteLine($"a checked-in volunteer, day grain collected: {(collected.Heap - before.Heap) / (double)volunteers:N0} B managed heap, {(collected.Rss - before.Rss) / (double)volunteers:N0} B RSS");
}
finally
{
    await cluster.DisposeAsync();
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}

async Task<(long Heap, long Rss)> Measure(string label)
{
    var heap = GC.GetTotalMemory(forceFullCollection: true);
    using var process = Process.GetCurrentProcess();
    var rss = process.WorkingSet64;
    var activations = (await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics())
        .GroupBy(s => s.GrainType.Split(',')[0].Split('.')[^1])
        .OrderByDescending(g => g.Sum(s => s.ActivationCount))
        .Take(6)
        .Select(g => $"{g.Key} {g.Sum(s => s.ActivationCount):N0}");
    Console.WriteLine($"{label}: managed heap {heap / 1048576.0:N1} MB, RSS {rss / 1048576.0:N1} MB; activations: {string.Join(", ", activations)}");
    return (heap, rss);
}
