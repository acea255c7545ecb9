namespace Volunteers;

/// <summary>
/// Grain references for the calls made once for each help. Orleans' <see cref="IGrainFactory.GetGrain{TGrainInterface}(string, string?)"/>
/// resolves the interface's grain type anew each time, reading its attributes by reflection and formatting its name:
/// 3.4 % of the api's CPU logging one help a request, ~10 µs. Each of these interfaces has one grain class, the same on
/// every host in the process, so here it is resolved once for each interface, and only the key is new.
/// </summary>
public static class GrainReferences
{
    public static TGrain Reference<TGrain>(this IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        var types = Resolved<TGrain>.Pair ??= Resolve<TGrain>(grains, key);
        return (TGrain)grains.GetGrain(GrainId.Create(types.Grain, key), types.Interface);
    }

    private static TypePair Resolve<TGrain>(IGrainFactory grains, string key) where TGrain : IGrainWithStringKey
    {
        var reference = (GrainReference)(object)grains.GetGrain<TGrain>(key);
        return new(reference.GrainId.Type, reference.InterfaceType);
    }

    /// <summary>A class, so a reader racing the first writer sees the pair whole or not at all.</summary>
    private sealed record TypePair(GrainType Grain, GrainInterfaceType Interface);

    private static class Resolved<TGrain>
    {
        public static TypePair? Pair;
    }
}
