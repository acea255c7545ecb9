using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Volunteers.ServiceDefaults;

/// <summary>
/// Runs a process of the platform so that one which cannot start (its port taken by an api still running, a database
/// out of reach) stops what it did start and says why in one line. The generic host leaves that to its disposal,
/// which cancels the services it never stopped: each background service was logged as failed with a stack trace,
/// the silo left its cluster without marking itself dead, and the process ended on an unhandled exception.
/// </summary>
public static partial class HostRunning
{
    /// <summary>The exit code of a process that could not start.</summary>
    public const int CouldNotStart = 1;

    /// <returns>0 once stopped, <see cref="CouldNotStart"/> when it never served.</returns>
    public static async Task<int> RunUntilStoppedAsync(this WebApplication app)
    {
        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
            catch (Exception failure)
            {
                LogCouldNotStart(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostRunning)), Reason(failure));
                await app.StopAsync();
                return CouldNotStart;
            }
            await app.WaitForShutdownAsync();
            return 0;
        }
    }

    private static string Reason(Exception failure) => failure is IOException { InnerException: AddressInUseException }
        ? $"{failure.Message} Another process listens there, perhaps an api still running; stop it, or name another address with --urls."
        : failure.Message;

    [LoggerMessage(LogLevel.Critical, "Could not start, so stopping what had started: {Reason}")]
    private static partial void LogCouldNotStart(ILogger logger, string reason);
}
