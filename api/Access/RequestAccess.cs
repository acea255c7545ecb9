using System.Security.Claims;
using GraphQL;
using Volunteers.Api.Accounts;

namespace Volunteers.Api.Access;

/// <summary>
/// One request's caller and, once asked, where they stand; shared by every field of the request, and made
/// the same way for plain HTTP endpoints and hub calls so all of them are decided by <see cref="AccessRules"/>.
/// </summary>
public sealed class RequestAccess(Caller caller, AccessScopes scopes)
{
    private const string Key = "volunteers.access";
    private Task<Home>? _home;

    public Caller Caller => caller;

    public AccessScopes Scopes => scopes;

    public Task<Home> Home() => _home ??= scopes.HomeOf(caller);

    public static RequestAccess Of(IResolveFieldContext context)
    {
        // Fields of a query resolve in parallel; the lock makes them share one RequestAccess.
        lock (context.UserContext)
        {
            if (context.UserContext.TryGetValue(Key, out var known) && known is RequestAccess access)
            {
                return access;
            }
            access = For(context.User, context.RequestServices!);
            context.UserContext[Key] = access;
            return access;
        }
    }

    public static RequestAccess For(ClaimsPrincipal? user, IServiceProvider services) => new(
        Caller.From(user), services.GetRequiredService<AccessScopes>());
}
