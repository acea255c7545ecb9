using GraphQL;
using Volunteers.Api.Counting;
using Volunteers.Api.GraphQL;
using Volunteers.Api.GraphQL.Http;
using Volunteers.ServiceDefaults;

namespace Volunteers.Api.Hosting;

public static class ApiHosting
{
    public static IServiceCollection AddVolunteersApi(this IServiceCollection services)
    {
        services.AddSingleton<CountsReader>();
        services.AddGraphQL(graphql => graphql
            .AddSchema<VolunteersSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(VolunteersSchema).Assembly));
        services.AddGraphQLHttp();
        return services;
    }

    public static WebApplication MapVolunteersApi(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapGraphQL();
        app.MapVolunteersOperations();
        return app;
    }
}
