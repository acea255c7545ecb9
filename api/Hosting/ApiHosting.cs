using GraphQL;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Volunteers.Api.Access;
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
        services.AddGraphQL(graphql => graphql
            .AddSchema<VolunteersSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(VolunteersSchema).Assembly)
            .UseMiddleware<AccessMiddleware>());
        services.AddGraphQLHttp();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [Ready]);
        return services;
    }

    public static WebApplication MapVolunteersApi(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseVolunteersAuth();
        app.MapGraphQL();
        // Live answers while the process runs; ready only while storage answers too.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        return app;
    }
}
