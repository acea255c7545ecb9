using GraphQL.Execution;
using GraphQL.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Volunteers.Api.GraphQL.WebSockets;

namespace Volunteers.Api.GraphQL.Http;

public static class GraphQLEndpoint
{
    /// <summary>
    /// Registers what the GraphQL endpoint needs besides the schema, which comes from GraphQL.NET's own
    /// <c>services.AddGraphQL(b => b.AddSchema&lt;TSchema&gt;().AddSystemTextJson())</c>. Rules registered as
    /// <see cref="IValidationRule"/> singletons run on every operation of both transports, with the specification's.
    /// Register them so (<c>services.AddSingleton&lt;IValidationRule, TRule&gt;()</c>), not with GraphQL.NET's
    /// <c>AddValidationRule</c>, which also appends them to each execution: they would run twice, and a known document
    /// would be validated whole again.
    /// </summary>
    public static IServiceCollection AddGraphQLHttp(this IServiceCollection services, Action<GraphQLHttpOptions>? configure = null)
    {
        var options = services.AddOptions<GraphQLHttpOptions>()
            .Validate(o => o.MaxDepth > 0 && o.MaxComplexity > 0 && o.MaxRequestBytes > 0 && o.DocumentCacheCharacters > 0, "GraphQL limits must be positive.");
        if (configure is not null)
            options.Configure(configure);

        // Added rather than tried: GraphQL.NET only tries to add its default provider and validator, and the last
        // registration wins, so these hold whether AddGraphQL runs before or after.
        services.AddSingleton<IErrorInfoProvider, DomainErrorInfoProvider>();
        services.AddSingleton<IDocumentValidator, KnownDocumentValidator>();
        services.AddSingleton<DocumentCache>();
        services.AddSingleton<GraphQLHttpHandler>();
        services.AddSingleton<GraphQLWebSocketHandler>();
        services.TryAddSingleton<ISocketSessions, AnonymousSockets>();
        services.TryAddSingleton<ISocketOperationLimit, UnlimitedOperations>();
        return services;
    }

    /// <summary>
    /// Serves GraphQL over HTTP (GET for queries, POST for everything) at <paramref name="pattern"/>, and over a
    /// WebSocket (graphql-transport-ws, for subscriptions) at the same address; the app must use WebSockets.
    /// </summary>
    public static IEndpointRouteBuilder MapGraphQL(this IEndpointRouteBuilder app, string pattern = "/graphql")
    {
        // Resolved now so a missing AddGraphQLHttp or AddGraphQL fails at startup, not on the first request.
        var http = app.ServiceProvider.GetRequiredService<GraphQLHttpHandler>();
        var webSockets = app.ServiceProvider.GetRequiredService<GraphQLWebSocketHandler>();
        app.Map(pattern, context => context.WebSockets.IsWebSocketRequest ? webSockets.HandleAsync(context) : http.HandleAsync(context))
            .WithDisplayName("GraphQL");
        return app;
    }
}
