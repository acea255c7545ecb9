namespace Volunteers.Health;

/// <summary>Whether the database answered a silo, and in words what it said: a readiness check shows it to operators.</summary>
[GenerateSerializer, Immutable]
public sealed record StorageProbe([property: Id(0)] bool Answers, [property: Id(1)] string Description);

/// <summary>
/// Asks the database from a silo, for the readiness of any process: a silo asks its own, an api a silo it is
/// connected to, so neither opens the database to find out.
/// </summary>
public interface IStorageProbeGrain : IGrainWithIntegerKey
{
    Task<StorageProbe> Probe();
}
