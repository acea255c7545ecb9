using System.Text.Json;
using System.Text.Json.Serialization;
using GraphQL;
using GraphQL.Validation;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.SignalR;
using Volunteers.Api.Access;
using Volunteers.Api.Certificates;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Volunteers.Api.Imports;
using Volunteers.Api.Reports;
using Volunteers.Api.Counting;
using Volunteers.Api.GraphQL;
using Volunteers.Api.GraphQL.Http;
using Volunteers.ServiceDefaults;
using Volunteers.Api.Live;

namespace Volunteers.Api.Hosting;

public static class ApiHosting
{
    public static IServiceCollection AddVolunteersApi(this IServiceCollection services)
    {
        services.AddSingleton<CountsReader>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReportBuilder>();
        services.AddSingleton<CertificateFonts>();
        services.AddSingleton<CertificateCode>();
        services.AddSingleton<ImportJobs>();
        services.AddSingleton<UnitImport>();
        services.AddSingleton<VolunteerImport>();
        // Plain HTTP answers spell enums as GraphQL does (ALL_OR_NOTHING), so a client reads one vocabulary.
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper)));
        services.AddGraphQL(graphql => graphql
            .AddSchema<VolunteersSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(VolunteersSchema).Assembly)
            .UseMiddleware<AccessMiddleware>());
        services.AddSingleton<IValidationRule, OperationLimitsRule>();
        services.AddGraphQLHttp();
        services.AddSignalR(options => options.AddFilter<HubOperationLimit>());
        services.AddSingleton<LiveFeed>();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<InboxFeed>();
        return services;
    }

    public static WebApplication MapVolunteersApi(this WebApplication app)
    {
        app.UseVolunteersSecurityHeaders();
        app.UseWebAssets();
        // Before authentication: on Kestrel a request is known to be a WebSocket only once this has run, and a
        // socket's ticket or token comes in its query string, which is read only for sockets.
        app.UseWebSockets();
        app.UseVolunteersAuth();
        app.MapStaticAssets();
        app.MapGraphQL();
        app.MapVolunteersOperations();
        app.MapReports();
        app.MapCertificates();
        app.MapImports();
        // The request budget meters /graphql alone; hub invocations draw on it through HubOperationLimit. Marked so, the
        // rate limiter passes a hub's socket on at once instead of keeping a frame of its own parked for the socket's life.
        app.MapHub<LiveHub>("/hubs/live").DisableRateLimiting();
        // teamInvite.url is /join?invite=…: short for a QR code, and not tied to a file name. The volunteer
        // app reads the code from its own address, so the link only forwards there, query string and all.
        app.MapGet("/join", (HttpRequest request) => Results.Redirect($"/volunteer.html{request.QueryString}"));
        return app;
    }
}
