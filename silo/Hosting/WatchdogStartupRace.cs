using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Volunteers.Hosting;

/// <summary>
/// Drops the one warning Orleans' watchdog logs at every silo start, "Participant check thread has not completed
/// for 05:53:56", whose figure is the machine's uptime, not a stall. In Orleans 10.4.2 <c>Watchdog.Start</c> starts
/// the thread that checks the participant timestamp before it sets that timestamp, so the thread's first check
/// measures from 0, the clock's origin (boot, on Linux). No setting reaches it: the watchdog always starts, the
/// timestamp is a private field, and the clock is the membership <see cref="TimeProvider"/>, whose 0 also means
/// "never" to the probe monitors, so shifting its origin would change what they conclude. Only a warning claiming a
/// stall longer than the watchdog has existed is dropped: every real stall, of this check or the platform's, is
/// still logged.
/// </summary>
internal sealed class WatchdogStartupRace<T>(ILoggerFactory factory) : ILogger<T>
{
    private const string StalledTemplate = "Participant check thread has not completed";

    private readonly ILogger _logger = factory.CreateLogger<T>();
    private readonly long _created = Stopwatch.GetTimestamp();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => _logger.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => _logger.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!LongerThanItsWatchdog(state))
        {
            _logger.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    private bool LongerThanItsWatchdog<TState>(TState state) =>
        state is IReadOnlyList<KeyValuePair<string, object?>> values
        && values.Any(value => value is { Key: "{OriginalFormat}", Value: string template } && template.StartsWith(StalledTemplate, StringComparison.Ordinal))
        && values.Any(value => value is { Key: "TimeSinceLastTick", Value: TimeSpan stalled } && stalled > Stopwatch.GetElapsedTime(_created));
}

internal static class WatchdogLogging
{
    /// <summary>The watchdog's own logger, in its place; nothing if a later Orleans has moved or renamed the watchdog.</summary>
    public static ISiloBuilder WithoutWatchdogStartupRace(this ISiloBuilder silo)
    {
        if (Type.GetType("Orleans.Runtime.Watchdog, Orleans.Runtime") is { } watchdog)
        {
            silo.Services.AddSingleton(typeof(ILogger<>).MakeGenericType(watchdog), typeof(WatchdogStartupRace<>).MakeGenericType(watchdog));
        }
        return silo;
    }
}
