using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Volunteers.Storage;

namespace Volunteers.Hosting;

public static class VolunteersClustering
{
    /// <summary>
    /// How silos find each other: alone on loopback when embedded on SQLite, through the
    /// membership table on PostgreSQL, tuned so a dead silo is declared dead within seconds.
    /// </summary>
    public static ISiloBuilder UseVolunteersClustering(this ISiloBuilder silo, IConfiguration configuration, Database database)
    {
        var cluster = ClusterSettings.FromConfiguration(configuration);
        silo.WithoutWatchdogStartupRace();
        if (database.Provider == StorageProvider.Sqlite)
        {
            // One process's file, so its silo is alone, and keeps no directory cache (AddVolunteers).
            silo.Services.AddSingleton<SqliteOwner>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => services.GetRequiredService<SqliteOwner>());
            return silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        silo.Configure<ClusterOptions>(cluster.Apply);
        silo.Configure<EndpointOptions>(cluster.Apply);
        silo.Configure<ClusterMembershipOptions>(FastFailureDetection);
        silo.Configure<ClusterMembershipOptions>(configuration.GetSection($"{ClusterSettings.Section}:Membership"));
        silo.AddVolunteersRebalancing(configuration);
        return silo.UseAdoNetClustering(options =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = database.ConnectionString;
        });
    }

    /// <summary>
    /// A silo restarted after a crash starts empty: every grain it held was activated again on the silos left,
    /// and volunteers' and levels' grains live all day, so without help it would take only new grains. Orleans'
    /// activation rebalancer moves activations from the fuller silo to the emptier one until activation counts,
    /// weighted by memory, are even. Chosen over the activation repartitioner, which moves grains next to the
    /// grains they call most: it evens load only as a side effect. Cluster mode only: a lone embedded silo has no
    /// one to share with. Orleans' pace is kept (a first session a minute after the rebalancer starts, a cycle
    /// every 15 s): a moved grain answers its next call from a new activation, so moving fast costs phones waits
    /// in the middle of a campaign; <c>Orleans:Rebalancer:*</c> overrides it (the tests speed it up).
    /// </summary>
    private static void AddVolunteersRebalancing(this ISiloBuilder silo, IConfiguration configuration)
    {
#pragma warning disable ORLEANSEXP002 // Experimental in Orleans 10.4; FailureTests' restart test holds it to its promise.
        silo.AddActivationRebalancer();
#pragma warning restore ORLEANSEXP002
        silo.Configure<ActivationRebalancerOptions>(configuration.GetSection($"{ClusterSettings.Section}:Rebalancer"));
    }

    /// <summary>
    /// A client of separate silos: it finds gateways in the membership table and refreshes that
    /// list often, so it stops dialling a dead silo soon after the silos declare it dead.
    /// </summary>
    public static IClientBuilder UseVolunteersClustering(this IClientBuilder client, IConfiguration configuration, Database database)
    {
        var cluster = ClusterSettings.FromConfiguration(configuration);
        if (database.Provider == StorageProvider.Sqlite)
        {
            // A second api node beside an embedded host on one machine: it joins that host's silo on loopback.
            return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }
        client.Configure<ClusterOptions>(cluster.Apply);
        client.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        client.Configure<GatewayOptions>(configuration.GetSection($"{ClusterSettings.Section}:Gateway"));
        client.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = ClientResponseTimeout);
        client.Configure<ClientMessagingOptions>(configuration.GetSection($"{ClusterSettings.Section}:Messaging"));
        var inFlight = new InFlightCalls();
        client.AddOutgoingGrainCallFilter(inFlight);
        client.AddGatewayCountChangedHandler(inFlight.GatewayCountChanged);
        client.UseConnectionRetryFilter<ClusterWait>();
        return client.UseAdoNetClustering(options =>
        {
            options.Invariant = database.Invariant;
            options.ConnectionString = database.ConnectionString;
        });
    }

    /// <summary>
    /// How long the api waits for a silo's answer before telling the caller UNAVAILABLE (Orleans' default is 30 s).
    /// A killed silo's calls fail at once (<see cref="InFlightCalls"/>); this bounds the rest, a silo that
    /// vanished without closing its sockets (power, network), until it is declared dead. The slowest call the api
    /// makes in the bench, the first counts after a restart over 1,000,000 records on PostgreSQL, took 5.9 s, and
    /// a phone resends a request left unanswered well before 30 s, so 15 s leaves that call 2.5× room and answers
    /// a phone while it still waits. Silos keep 30 s between them: a level of the roll-ups may legitimately wait
    /// longer for its children, and Orleans fails a silo's calls to a dead silo as soon as it is declared dead.
    /// </summary>
    private static readonly TimeSpan ClientResponseTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Orleans' defaults take about a minute to declare a silo dead, all that time its grains are
    /// unreachable; volunteers' phones retry within seconds. See docs/cluster.md for each value.
    /// </summary>
    private static void FastFailureDetection(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(1.5);
        options.NumMissedProbesLimit = 2;
        options.NumVotesForDeathDeclaration = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        options.DefunctSiloExpiration = TimeSpan.FromHours(1);
        options.DefunctSiloCleanupPeriod = TimeSpan.FromMinutes(10);
    }
}
