using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Volunteers.Hosting;
using Volunteers.Storage;

namespace Volunteers.Tests.Deployment;

/// <summary>
/// The logger Orleans' watchdog gets in our silos: it drops the false stall Orleans 10.4.2 reports at start (the
/// time since boot, from a timestamp not yet set) and passes every stall that could have happened. Whether a real
/// start hits that race depends on thread scheduling, so the stall is logged here directly, through the same logger.
/// </summary>
public sealed class WatchdogLoggingTests
{
    private static readonly Action<ILogger, TimeSpan, Exception?> _participantCheckStalled = LoggerMessage.Define<TimeSpan>(
        LogLevel.Warning,
        new EventId(100150),
        "Participant check thread has not completed for {TimeSinceLastTick}, potentially indicating lock contention or deadlock, CPU starvation, or another execution anomaly.");

    [Fact]
    public void The_watchdog_logs_a_stall_it_could_have_seen_but_not_one_longer_than_its_own_life()
    {
        var captured = new CapturedLogs();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders().AddProvider(captured);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" }).Build();
        builder.UseOrleans(silo => silo.UseVolunteersClustering(configuration, Database.FromConfiguration(configuration)));
        using var host = builder.Build();
        var watchdog = Type.GetType("Orleans.Runtime.Watchdog, Orleans.Runtime", throwOnError: true)!;
        var logger = (ILogger)host.Services.GetRequiredService(typeof(ILogger<>).MakeGenericType(watchdog));

        _participantCheckStalled(logger, TimeSpan.FromHours(5), null);
        _participantCheckStalled(logger, TimeSpan.FromTicks(1), null);

        var logged = Assert.Single(captured.Messages);
        Assert.Contains("00:00:00.0000001", logged, StringComparison.Ordinal);
    }

    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        public List<string> Messages { get; } = [];

        public ILogger CreateLogger(string categoryName) => categoryName == "Orleans.Runtime.Watchdog" ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
