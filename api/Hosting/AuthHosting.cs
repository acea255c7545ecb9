using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Volunteers.Api.Access;
using Volunteers.Api.Accounts;
using Volunteers.Api.GraphQL.Http;
using Volunteers.Api.GraphQL.WebSockets;
using Volunteers.ServiceDefaults;

namespace Volunteers.Api.Hosting;

public static partial class AuthHosting
{
    public const string CorsPolicy = "configured-origins";

    /// <summary>The authorization policy of plain HTTP endpoints: a valid access token; the scope is decided by <see cref="AccessFilter"/>.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>The key in a request's items that says its socket ticket could not be redeemed for a fault of the platform.</summary>
    private const string TicketFault = "socket-ticket-fault";

    /// <summary>Accounts, bearer tokens, the access rules' services, rate limits and CORS.</summary>
    public static WebApplicationBuilder AddVolunteersAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section))
            .Validate(o => o.SignInsPerMinute > 0 && o.WriteBurst > 0 && o.WritesPerSecond > 0 && o.RequestBurst > 0 && o.RequestsPerSecond > 0
                && o.RecordBurst > 0 && o.RecordsPerSecond > 0 && o.CostlyBurst > 0 && o.CostlyPerMinute > 0
                && o.MaxRecordsPerRequest > 0 && o.MaxCostlyPerRequest > 0,
                "Auth limits must be positive.");
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddSingleton(provider => SigningKey.FromConfiguration(configuration, provider.GetService<LocalDataFolder>()));
        services.AddSingleton(provider => new Credentials(ServerKey.Read(configuration, provider.GetService<LocalDataFolder>(), "PinKey", "pin-key")));
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<SocketTicketIssuer>();
        services.AddSingleton<SessionCheck>();
        services.AddHostedService<SessionNoticesRenewal>();
        services.AddSingleton<ISocketSessions>(provider => provider.GetRequiredService<SessionCheck>());
        // Read by the cluster client only: an api with its silo inside loses no gateway without stopping.
        services.AddSingleton<IClusterConnectionStatusObserver>(provider => provider.GetRequiredService<SessionCheck>());
        services.AddSingleton<AccountService>();
        services.AddSingleton<RefreshCookie>();
        services.AddSingleton<AccessScopes>();
        services.AddSingleton<RateLimits>();
        services.AddSingleton<ISocketOperationLimit>(provider => provider.GetRequiredService<RateLimits>());
        services.AddSingleton<DemoAccounts>();
        services.AddHostedService(provider => provider.GetRequiredService<DemoAccounts>());

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddAuthorizationBuilder().AddPolicy(SignedIn, policy => policy.RequireAuthenticatedUser());
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TokenIssuer>((options, tokens) =>
        {
            options.MapInboundClaims = false;
            // Nothing reads the token back from the authentication result, and keeping it cost every request its copy.
            options.SaveToken = false;
            options.TokenValidationParameters = tokens.Validation;
            options.Events = new JwtBearerEvents { OnMessageReceived = SocketCredentials, OnTokenValidated = SlimForSockets };
        });

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }
                return ValueTask.CompletedTask;
            };
        });
        // The budget GraphQL socket messages and hub invocations draw on too (RateLimits), so one limit holds for all.
        services.AddOptions<RateLimiterOptions>().Configure<RateLimits>((options, limits) => options.GlobalLimiter = limits.Requests);

        // Closed unless origins are named: the web app is served from the api's own origin.
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(options => options.AddPolicy(CorsPolicy, policy => policy
            .WithOrigins(origins).WithMethods("GET", "POST").WithHeaders("Authorization", "Content-Type", "Accept")));
        return builder;
    }

    public static WebApplication UseVolunteersAuth(this WebApplication app)
    {
        app.UseCors(CorsPolicy);
        app.UseAuthentication();
        app.Use(RefuseInvalidTokens);
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>
    /// Browsers cannot set headers on WebSockets, so the hub and GraphQL subscriptions take a one-time ticket from the
    /// query string there (<see cref="SocketTicketIssuer"/>), or the access token itself as stock clients send it. Only
    /// there: a token in an ordinary URL would end up in logs and histories.
    /// </summary>
    private static async Task SocketCredentials(MessageReceivedContext context)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (!IsSocket(http) || !(request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/graphql")))
        {
            return;
        }
        if (CarriesTicket(http))
        {
            if (!http.WebSockets.IsWebSocketRequest || request.Query[SocketTicketIssuer.Parameter] is not [{ Length: > 0 } ticket])
            {
                context.Fail("A ticket opens one WebSocket: send exactly one, on the upgrade.");
                return;
            }
            ClaimsPrincipal? caller;
            try
            {
                caller = await http.RequestServices.GetRequiredService<SocketTicketIssuer>().Redeem(ticket);
            }
            catch (Exception fault) when (DomainErrorInfoProvider.IsPassingFault(fault))
            {
                // Not a refusal: the ticket's grain could not be asked or did not answer (RefuseInvalidTokens answers
                // 503). Whether it was spent is unknown, so the client asks for another, as after any failed socket.
                http.Items[TicketFault] = true;
                context.NoResult();
                return;
            }
            if (caller is null)
            {
                context.Fail("The socket ticket is unknown, used or expired; ask for another.");
                return;
            }
            context.Principal = caller;
            context.Success();
        }
        else if (request.Query["access_token"] is [{ Length: > 0 } token])
        {
            context.Token = token;
        }
    }

    /// <summary>
    /// A ticket is for a WebSocket upgrade, which redeems it, and is refused on any other request; but a stock SignalR
    /// client negotiates first with the same query string, and that request neither spends it nor is refused for it.
    /// </summary>
    private static bool CarriesTicket(HttpContext context) =>
        context.Request.Query.ContainsKey(SocketTicketIssuer.Parameter)
        && !(context.Request.Path.Value?.EndsWith("/negotiate", StringComparison.Ordinal) ?? false);

    /// <summary>A socket keeps its caller as long as it stays open: only the claims read of it (<see cref="SocketPrincipal"/>).</summary>
    private static Task SlimForSockets(TokenValidatedContext context)
    {
        if (IsSocket(context.HttpContext) && context.Principal?.Identity is ClaimsIdentity signedIn)
        {
            context.Principal = SocketPrincipal.Of(signedIn);
        }
        return Task.CompletedTask;
    }

    /// <summary>A WebSocket, or a hub connection by any transport: requests that last as long as a dashboard is open.</summary>
    private static bool IsSocket(HttpContext context) =>
        context.WebSockets.IsWebSocketRequest || context.Request.Path.StartsWithSegments("/hubs");

    /// <summary>
    /// A token or socket ticket that was sent but is expired, tampered with, used or unknown is refused with 401 and
    /// the reason, instead of quietly serving the request as anonymous: the client learns to refresh, or to ask for
    /// another ticket. So is a valid signature on a session that was signed out or an account deleted or locked since.
    /// A session or ticket grain that did not answer is the platform's fault: 503, to try again.
    /// </summary>
    private static Task RefuseInvalidTokens(HttpContext context, RequestDelegate next)
    {
        if (context.Items.ContainsKey(TicketFault))
        {
            return Unavailable(context);
        }
        var sent = context.Request.Headers.Authorization.Count > 0 || context.Request.Query.ContainsKey("access_token") || CarriesTicket(context);
        if (sent && context.User.Identity?.IsAuthenticated != true)
        {
            return context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
        }
        var mayAct = context.RequestServices.GetRequiredService<SessionCheck>().MayAct(context.User);
        // An answer the node already holds passes the request on without an async frame here, which a socket would
        // otherwise keep for as long as it stays open.
        if (mayAct.IsCompletedSuccessfully)
        {
            return mayAct.Result ? next(context) : context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
        }
        return ActOnceAnswered(context, next, mayAct);
    }

    private static async Task ActOnceAnswered(HttpContext context, RequestDelegate next, ValueTask<bool> answer)
    {
        bool mayAct;
        try
        {
            mayAct = await answer;
        }
        catch (Exception fault) when (DomainErrorInfoProvider.IsPassingFault(fault))
        {
            // The session's grain was moving off a silo that died.
            await Unavailable(context);
            return;
        }
        if (!mayAct)
        {
            await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
            return;
        }
        await next(context);
    }

    /// <summary>A fault of the platform, not a refusal: 503 is resent by a phone, 401 would send its volunteer back to sign in.</summary>
    private static Task Unavailable(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = GraphQLHttpHandler.RetryAfterSeconds;
        return context.Response.WriteAsJsonAsync(new
        {
            errors = new[] { new { message = DomainErrorInfoProvider.UnavailableMessage, extensions = new { code = DomainErrorInfoProvider.UnavailableCode } } },
        });
    }
}
