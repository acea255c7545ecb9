using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Volunteers.Tests.Hosting;

/// <summary>Runs on every database: SQLite is one silo's, PostgreSQL a cluster's.</summary>
public abstract class DirectoryCacheTests(ClusterFixture fixture, GrainDirectoryOptions.CachingStrategyType expected)
{
    [Fact]
    public void A_silo_caches_where_grains_live_only_when_other_silos_may_hold_them() =>
        Assert.Equal(expected, fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptions<GrainDirectoryOptions>>().Value.CachingStrategy);
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteDirectoryCacheTests(ClusterFixture fixture) : DirectoryCacheTests(fixture, GrainDirectoryOptions.CachingStrategyType.None);
