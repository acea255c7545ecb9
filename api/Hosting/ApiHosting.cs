using System.Text.Json;
using System.Text.Json.Serialization;
using GraphQL;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Volunteers.Api.Imports;
using Volunteers.Api.Reports;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Volunteers.Api.Counting;
using Volunteers.Api.GraphQL;
using Volunteers.Api.GraphQL.Http;

namespace Volunteers.Api.Hosting;

public static class ApiHosting
{
    private const string Ready = "ready";

    public static IServiceCollection AddVolunteersApi(this IServiceCollection services)
    {
        services.AddSingleton<CountsReader>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<ImportJobs>();
        services.AddSingleton<UnitImport>();
        services.AddSingleton<VolunteerImport>();
        // Plain HTTP answers spell enums as GraphQL does (ALL_OR_NOTHING), so a client reads one vocabulary.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper)));
        services.AddGraphQL(graphql => graphql
            .AddSchema<VolunteersSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(VolunteersSchema).Assembly));
        services.AddGraphQLHttp();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [Ready]);
        return services;
    }

    public static WebApplication MapVolunteersApi(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGraphQL();
        app.MapReports();
        app.MapImports();
        // Live answers while the process runs; ready only while storage answers too.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        return app;
    }
}
