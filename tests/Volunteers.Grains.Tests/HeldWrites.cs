using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Volunteers.Tests;

/// <summary>
/// Holds the grain-state writes of one kind until released, so a test can line calls up behind a write under way
/// instead of hoping a loaded machine sends them fast enough to meet one.
/// </summary>
public sealed class HeldWrites
{
    private Hold? _hold;

    public Hold Of(string stateName)
    {
        var hold = new Hold(this, stateName);
        Assert.Null(Interlocked.CompareExchange(ref _hold, hold, null));
        return hold;
    }

    /// <summary>Wraps the grains' storage in the test silo; reads and clears pass straight through.</summary>
    internal void Wrap(ISiloBuilder silo)
    {
        var grains = silo.Services.Last(d => d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, GrainStorage.Name));
        silo.Services.AddKeyedSingleton<IGrainStorage>(GrainStorage.Name, (services, key) =>
            new Storage((IGrainStorage)grains.KeyedImplementationFactory!(services, key), this));
    }

    private Task Before(string stateName)
    {
        if (Volatile.Read(ref _hold) is not { } hold || hold.StateName != stateName)
        {
            return Task.CompletedTask;
        }
        hold.Reached.TrySetResult();
        return hold.Released.Task;
    }

    public sealed class Hold(HeldWrites owner, string stateName) : IDisposable
    {
        public string StateName { get; } = stateName;

        /// <summary>Done once a write is held: the grain that makes it is then waiting in the middle of its turn.</summary>
        public Task Holding => Reached.Task;

        internal TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Dispose()
        {
            Interlocked.CompareExchange(ref owner._hold, null, this);
            Released.TrySetResult();
        }
    }

    private sealed class Storage(IGrainStorage inner, HeldWrites held) : IGrainStorage
    {
        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
        {
            await held.Before(stateName);
            await inner.WriteStateAsync(stateName, grainId, grainState);
        }

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
