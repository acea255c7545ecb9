using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Volunteers.ServiceDefaults;

/// <summary>
/// What every process of the platform offers operators, silo or api alike: health endpoints,
/// OpenTelemetry over OTLP, and optionally the Orleans dashboard.
/// </summary>
public static class OperationsHosting
{
    public const string DashboardSetting = "Orleans:Dashboard";
    public const string DashboardPath = "/dashboard";
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ConsoleScopesSetting = "Logging:Console:FormatterOptions:IncludeScopes";
    public const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string Ready = "ready";

    public static IHostApplicationBuilder AddVolunteersOperations(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready])
            .AddCheck<ClusterHealthCheck>("cluster", tags: [Ready]);
        CaptureOnlyWhatIsLogged(builder);

        if (ExportsTelemetry(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService(serviceName))
                .WithMetrics(metrics => metrics
                    .AddMeter("Microsoft.Orleans")
                    .AddAspNetCoreInstrumentation())
                .WithTracing(tracing => tracing
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddAspNetCoreInstrumentation())
                .UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>
    /// Whether a collector is named. Without one nobody reads spans or aggregates, and recording them is not free: an
    /// activity for every request and grain call, one held for a dashboard socket's whole life. dotnet-counters reads
    /// the meters without any of it.
    /// </summary>
    public static bool ExportsTelemetry(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);

    /// <summary>
    /// Log scopes and the request log's activities are made for readers this platform does not have unless an operator
    /// asks. A scope lives in the execution context of all it wraps, so the six that hosting, Kestrel and SignalR open
    /// stayed with a dashboard's socket for its life; and while the request log's category is on at any level, ASP.NET
    /// Core starts an activity for every request to give that log its trace ids, though the log itself is Information,
    /// under the platform's levels. Together 1.0 KB of a socket's 22.9 KB (dotnet-gcdump at 10,000 dashboards), and an
    /// activity a request on the log path. Console scopes or a level for the request log in configuration bring them back.
    /// </summary>
    private static void CaptureOnlyWhatIsLogged(IHostApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(ConsoleScopesSetting, false))
        {
            builder.Services.Configure<LoggerFilterOptions>(options => options.CaptureScopes = false);
        }
        if (builder.Configuration[$"Logging:LogLevel:{RequestLogCategory}"] is null)
        {
            builder.Logging.AddFilter(RequestLogCategory, LogLevel.None);
        }
    }

    /// <summary>Trace context crosses grain calls when traces are exported (else it is a copy a call for nobody), and the dashboard's grain service runs when <c>Orleans:Dashboard</c> is on.</summary>
    public static ISiloBuilder AddVolunteersOperations(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (ExportsTelemetry(configuration))
        {
            silo.AddActivityPropagation();
        }
        return DashboardEnabled(configuration) ? silo.AddDashboard() : silo;
    }

    public static IClientBuilder AddVolunteersOperations(this IClientBuilder client, IConfiguration configuration)
    {
        if (ExportsTelemetry(configuration))
        {
            client.AddActivityPropagation();
        }
        client.Services.AddSingleton<GatewayConnection>();
        client.Services.AddSingleton<IClusterConnectionStatusObserver>(services => services.GetRequiredService<GatewayConnection>());
        return DashboardEnabled(configuration) ? client.AddDashboard() : client;
    }

    /// <summary>Live answers while the process runs; ready only while storage and the cluster answer too.</summary>
    public static WebApplication MapVolunteersOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        if (DashboardEnabled(app.Configuration))
        {
            app.MapOrleansDashboard(DashboardPath);
        }
        return app;
    }

    private static bool DashboardEnabled(IConfiguration configuration) => configuration.GetValue(DashboardSetting, false);
}
