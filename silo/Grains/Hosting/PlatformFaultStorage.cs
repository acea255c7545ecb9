using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace Volunteers.Hosting;

/// <summary>
/// The grain storage every grain's state goes through, raising <see cref="PlatformUnavailableException"/> for
/// a fault of the database. A state read fails during activation, before any call filter runs, and Orleans
/// then answers the waiting calls with the activation's exception: Npgsql's has no codec, so that answer
/// could not be sent and the caller waited out the response timeout instead of hearing UNAVAILABLE.
/// </summary>
internal sealed partial class PlatformFaultStorage(IGrainStorage inner, ILogger<PlatformFaultStorage> logger) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(inner.ReadStateAsync(stateName, grainId, grainState), "read", grainId);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(inner.WriteStateAsync(stateName, grainId, grainState), "write", grainId);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        Guard(inner.ClearStateAsync(stateName, grainId, grainState), "clear", grainId);

    private async Task Guard(Task operation, string what, GrainId grainId)
    {
        try
        {
            await operation;
        }
        catch (Exception fault) when (PlatformFaultFilter.IsPassing(fault))
        {
            LogFault(logger, fault, what, grainId);
            throw PlatformFaultFilter.Unavailable();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain storage could not {What} the state of {Grain}")]
    private static partial void LogFault(ILogger logger, Exception fault, string what, GrainId grain);
}
