using System.Collections;
using System.Text.Json;
using GraphQL;
using GraphQL.Instrumentation;
using Volunteers.Audit;

namespace Volunteers.Api.Access;

/// <summary>
/// Enforces <see cref="AccessRules"/> on every field GraphQL resolves: limits, the rule's decision from the
/// arguments, then what the caller may see of the result, and the audit of a change that succeeded. All of
/// authorization lives here and in the table, not in the resolvers.
/// </summary>
public sealed partial class AccessMiddleware(
    RateLimits limits, IGrainFactory grains, IHttpContextAccessor http, TimeProvider time, ILogger<AccessMiddleware> logger) : IFieldMiddleware
{
    public const string Forbidden = "FORBIDDEN";
    public const string Unauthenticated = "UNAUTHENTICATED";

    public async ValueTask<object?> ResolveAsync(IResolveFieldContext context, FieldMiddlewareDelegate next)
    {
        var type = context.ParentType.Name;
        var field = context.FieldDefinition.Name;
        // Introspection describes the schema, which is published anyway (api/schema.graphql).
        if (type.StartsWith("__", StringComparison.Ordinal) || field.StartsWith("__", StringComparison.Ordinal))
        {
            return await next(context);
        }

        var coordinate = $"{type}.{field}";
        var access = RequestAccess.Of(context);
        if (AccessRules.For(type, field) is not { } rule)
        {
            if (!IsRoot(context))
            {
                // The caller was allowed to see the object; its plain fields come with it.
                return await next(context);
            }
            LogNoRule(logger, coordinate);
            throw Denied(access.Caller, coordinate);
        }
        if (rule.Limit != Limit.None)
        {
            var address = http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "local";
            var key = rule.Limit == Limit.SignIn ? address : access.Caller.Subject ?? address;
            limits.Acquire(rule.Limit, key, coordinate);
            if (rule.Limit == Limit.Write)
            {
                limits.AcquireRecords(key, coordinate, OperationLimitsRule.Records(context.Arguments));
            }
        }
        if (rule.Before is { } before && (!access.Caller.IsSignedIn || !await before(access, context)))
        {
            throw Denied(access.Caller, coordinate);
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch (DomainException refusal) when (rule.Sees is not null)
        {
            throw AsSeenBy(access.Caller, coordinate, refusal);
        }
        if (rule.Sees is { } sees && result is not null)
        {
            var home = await access.Home();
            // A redacted field is decided by the object it belongs to, the GraphQL source.
            result = rule.Redacts
                ? await sees(home, access.Scopes, context.Source!) ? result : null
                : await Visible(result, home, access.Scopes, sees, coordinate);
        }
        if (rule.Audit is { } spec)
        {
            var target = await spec.Target(access, context);
            await grains.GetGrain<IAuditTrailGrain>(0).Append(new AuditEntry(time.GetUtcNow(), access.Caller.Subject ?? "", coordinate, target.Id,
                context.GetArgument<string?>("campaignId"), context.GetArgument<string?>("reason"), JsonSerializer.Serialize(spec.Details(context)),
                target.Path));
        }
        return result;
    }

    private static async ValueTask<object?> Visible(
        object result, Home home, AccessScopes scopes, Func<Home, AccessScopes, object, ValueTask<bool>> sees, string coordinate)
    {
        if (result is IEnumerable items and not string)
        {
            var kept = new List<object>();
            foreach (var item in items)
            {
                if (item is not null && await sees(home, scopes, item))
                {
                    kept.Add(item);
                }
            }
            return kept;
        }
        return await sees(home, scopes, result) ? result : throw Denied(home.Caller, coordinate);
    }

    /// <summary>
    /// An id that does not exist is answered as one out of the caller's reach (FORBIDDEN signed in, UNAUTHENTICATED
    /// signed out), so no answer tells anyone what exists beyond what they may see. Signed out, an id that does not
    /// fit is answered so too, so no answer names a private campaign, unit or team; signed in, it keeps its reason.
    /// </summary>
    public static DomainException AsSeenBy(Caller caller, string coordinate, DomainException refusal) =>
        refusal.Code == "NOT_FOUND" || (!caller.IsSignedIn && refusal.Code == "INVALID") ? Denied(caller, coordinate) : refusal;

    private static bool IsRoot(IResolveFieldContext context) =>
        context.ParentType == context.Schema.Query || context.ParentType == context.Schema.Mutation || context.ParentType == context.Schema.Subscription;

    public static DomainException Denied(Caller caller, string coordinate) => caller.IsSignedIn
        ? new DomainException(Forbidden, coordinate, $"{coordinate} is outside what your account may do or see, or does not exist.")
        : new DomainException(Unauthenticated, coordinate, $"{coordinate} needs a signed-in account; send an access token.");

    [LoggerMessage(LogLevel.Error, "{Field} is a root field with no access rule and was refused; add it to AccessRules")]
    private static partial void LogNoRule(ILogger logger, string field);
}
