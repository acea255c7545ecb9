using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Volunteers.ServiceDefaults;

/// <summary>
/// Runs a process of the platform so that one which cannot start (its port taken by another program, a database
/// out of reach, a setting it cannot run with) stops what it can and ends on one line that says why. The generic host
/// leaves that to its disposal, which cancels the services it never stopped: each background service was logged as
/// failed with a stack trace, the silo left its cluster without marking itself dead, and the process ended on an
/// unhandled exception.
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
            if (await app.StartOrStopAsync() is { } exitCode)
            {
                return exitCode;
            }
            await app.WaitForShutdownAsync();
            return 0;
        }
    }

    /// <summary>
    /// Starts the host. Answers null once it serves; otherwise, with what had started stopped, the process's exit code:
    /// 0 when it was told to stop while it started (Ctrl+C, or compose stopping an api that waits for its cluster),
    /// <see cref="CouldNotStart"/> when its start failed.
    /// </summary>
    public static async Task<int?> StartOrStopAsync(this WebApplication app)
    {
        try
        {
            await app.StartAsync();
            return null;
        }
        catch (Exception failure)
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HostRunning));
            // Asked before the stop, which cancels the token too: whatever the start threw once told to stop, the
            // stop is why it ended.
            var toldToStop = app.Lifetime.ApplicationStopping.IsCancellationRequested;
            try
            {
                await app.StopAsync();
            }
            catch (Exception refused)
            {
                // The service whose start failed may refuse to stop, as a silo that never ran does; the others
                // are stopped by then, and the reason to tell is the start's.
                LogStopRefused(logger, refused.Message);
            }
            if (toldToStop)
            {
                LogStoppedWhileStarting(logger);
                return 0;
            }
            // Last, so it is the line an operator reads first.
            LogCouldNotStart(logger, Reason(failure));
            return CouldNotStart;
        }
    }

    /// <summary>
    /// Whether the process could not be built for its settings: one of ours, or a settings file that is not JSON.
    /// Either is the operator's to fix, so <see cref="TellSettingsFaultAsync"/> says it in one line, without a stack trace.
    /// </summary>
    public static bool IsSettingsFault(Exception failure) =>
        failure is SettingsException or InvalidDataException { InnerException: FormatException };

    /// <summary>Says what is wrong with the settings on standard error, and answers the exit code.</summary>
    public static async Task<int> TellSettingsFaultAsync(Exception failure)
    {
        await Console.Error.WriteLineAsync(SettingsFault(failure));
        return CouldNotStart;
    }

    // A file's reader names the file, and the JSON reader at the bottom of its faults the line in it.
    private static string SettingsFault(Exception failure) =>
        $"Settings: {(failure is InvalidDataException ? $"{failure.Message} {failure.GetBaseException().Message}" : failure.Message)}";

    private static string Reason(Exception failure) => failure switch
    {
        IOException { InnerException: AddressInUseException } =>
            $"{failure.Message} Another process listens there; stop it, or name another address with --urls.",
        // A setting read as the services start, such as a key read by the first service that needs it.
        _ when IsSettingsFault(failure) => SettingsFault(failure),
        _ => failure.Message,
    };

    [LoggerMessage(LogLevel.Critical, "Could not start, and stopped what it could: {Reason}")]
    private static partial void LogCouldNotStart(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Information, "Told to stop while it was starting; stopped what had started")]
    private static partial void LogStoppedWhileStarting(ILogger logger);

    [LoggerMessage(LogLevel.Debug, "Stopping after a failed start: {Refusal}")]
    private static partial void LogStopRefused(ILogger logger, string refusal);
}
