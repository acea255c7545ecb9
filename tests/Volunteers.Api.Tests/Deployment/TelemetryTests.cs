using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Volunteers.ServiceDefaults;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Volunteers.Tests.Deployment;

/// <summary>The api records traces and metrics for a collector, and only when one is named.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Without_a_collector_the_api_records_no_spans_and_keeps_no_meter_provider()
    {
        using var factory = new ApiFactory();
        using var recorded = new SpanCount();

        await factory.GraphQL().Data("{ campaigns { id } }");

        Assert.Null(factory.Services.GetService<TracerProvider>());
        Assert.Null(factory.Services.GetService<MeterProvider>());
        Assert.Equal(0, recorded.Requests);
        Assert.Equal(0, recorded.GrainCalls);
    }

    [Fact]
    public async Task With_a_collector_named_the_api_traces_its_requests_and_grain_calls()
    {
        using var factory = new ApiFactory { Settings = { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" } };
        using var recorded = new SpanCount();

        await factory.GraphQL().Data("{ campaigns { id } }");

        Assert.NotNull(factory.Services.GetService<TracerProvider>());
        Assert.NotNull(factory.Services.GetService<MeterProvider>());
        Assert.True(recorded.Requests > 0);
        Assert.True(recorded.GrainCalls > 0);
    }

    [Fact]
    public async Task Without_a_reader_a_request_starts_no_activity_and_captures_no_log_scope()
    {
        using var factory = new ApiFactory();

        var seen = await RequestSeenFrom(factory);

        Assert.False(seen.Activity);
        Assert.Equal(0, seen.Scopes);
    }

    [Fact]
    public async Task An_operator_who_asks_for_console_scopes_and_the_request_log_gets_both()
    {
        using var factory = new ApiFactory
        {
            Settings =
            {
                [OperationsHosting.ConsoleScopesSetting] = "true",
                [$"Logging:LogLevel:{OperationsHosting.RequestLogCategory}"] = "Information",
            },
        };

        var seen = await RequestSeenFrom(factory);

        Assert.True(seen.Activity);
        // The probe's own scope and hosting's request scope around it.
        Assert.True(seen.Scopes >= 2, $"{seen.Scopes} scopes");
    }

    /// <summary>What the first middleware sees of a request: whether an activity runs, and how many scopes a logger sees inside one of its own.</summary>
    private static async Task<(bool Activity, int Scopes)> RequestSeenFrom(ApiFactory api)
    {
        var scopes = new ScopeWatch();
        var seen = new TaskCompletionSource<(bool, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var factory = api.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(scopes);
            services.AddSingleton<IStartupFilter>(new Probe(context =>
            {
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("probe");
                using (logger.BeginScope("probe"))
                {
                    seen.TrySetResult((Activity.Current is not null, scopes.Count()));
                }
            }));
        }));

        await factory.CreateClient().GetAsync(new Uri("/health/live", UriKind.Relative));
        return await seen.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class Probe(Action<Microsoft.AspNetCore.Http.HttpContext> look) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, rest) =>
            {
                look(context);
                return rest(context);
            });
            next(app);
        };
    }

    /// <summary>A provider that reads scopes, as the console does when asked to include them.</summary>
    private sealed class ScopeWatch : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public int Count()
        {
            var count = 0;
            _scopes?.ForEachScope((_, _) => count++, (object?)null);
            return count;
        }

        public ILogger CreateLogger(string categoryName) => NullLogger.Instance;

        public void Dispose()
        {
        }
    }

    /// <summary>Counts the spans of ASP.NET Core and of Orleans that someone asked to be recorded in full, as an exporter does.</summary>
    private sealed class SpanCount : IDisposable
    {
        private readonly ActivityListener _listener;
        private int _requests;
        private int _grainCalls;

        public SpanCount()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Microsoft.AspNetCore" || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
                // Asks nothing of its own, so only what another listener records is seen.
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.None,
                ActivityStopped = activity =>
                {
                    if (activity.IsAllDataRequested)
                    {
                        Interlocked.Increment(ref activity.Source.Name == "Microsoft.AspNetCore" ? ref _requests : ref _grainCalls);
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public int Requests => Volatile.Read(ref _requests);

        public int GrainCalls => Volatile.Read(ref _grainCalls);

        public void Dispose() => _listener.Dispose();
    }
}
