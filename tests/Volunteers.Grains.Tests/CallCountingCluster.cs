using System.Collections.Concurrent;

namespace Volunteers.Tests;

/// <summary>
/// A cluster of its own, since its tests collect idle activations; its silo counts the calls grains make to one
/// another, by interface, method and target, for a test of what a grain asks of others.
/// </summary>
public sealed class CallCountingCluster : ClusterFixture
{
    private readonly ConcurrentDictionary<(Type Grain, string Method, string Target), int> _calls = new();

    /// <summary>How often a grain has called <paramref name="method"/> of <typeparamref name="TGrain"/> on the grain keyed <paramref name="target"/>.</summary>
    public int Calls<TGrain>(string method, string target) where TGrain : IGrain =>
        _calls.GetValueOrDefault((typeof(TGrain), method, target));

    protected override void Configure(ISiloBuilder silo) => silo.AddOutgoingGrainCallFilter(async call =>
    {
        _calls.AddOrUpdate((call.InterfaceMethod.DeclaringType!, call.InterfaceMethod.Name, call.TargetId.Key.ToString()), 1, (_, n) => n + 1);
        await call.Invoke();
    });
}
