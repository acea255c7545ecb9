using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
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
