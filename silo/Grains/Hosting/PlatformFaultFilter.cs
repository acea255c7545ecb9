using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Volunteers.Hosting;

/// <summary>
/// Turns a fault of the database or the network inside a grain call into <see cref="PlatformUnavailableException"/>,
/// so the caller, across the cluster, can tell "try again" from "refused" and a phone retries by itself.
/// The fault itself is logged here, where its details are still known.
/// </summary>
internal sealed partial class PlatformFaultFilter(ILogger<PlatformFaultFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception fault) when (IsPassing(fault))
        {
            LogFault(logger, fault, context.InterfaceName, context.MethodName);
            throw Unavailable();
        }
    }

    public static bool IsPassing(Exception? fault) => fault switch
    {
        null or PlatformUnavailableException => false,
        DbException or TimeoutException or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsPassing),
        _ => IsPassing(fault.InnerException),
    };

    public static PlatformUnavailableException Unavailable() =>
        new("The database or the network did not answer; the same request may succeed shortly.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Interface}.{Method} met a passing fault of the platform")]
    private static partial void LogFault(ILogger logger, Exception fault, string @interface, string method);
}
