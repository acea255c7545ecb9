namespace Volunteers.Api.Access;

/// <summary>
/// Puts a plain HTTP endpoint under the same <see cref="AccessRules"/> decisions as its GraphQL twin: after
/// RequireAuthorization has established who is calling, this decides whether their scope covers the request.
/// </summary>
public sealed class AccessFilter(Func<Access, HttpContext, ValueTask<bool>> allows) : IEndpointFilter
{
    /// <summary>A decision from where the caller stands alone, such as their role.</summary>
    public static AccessFilter Of(Func<Home, bool> allows) => new(async (access, _) => allows(await access.Home()));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = Access.For(http.User, http.RequestServices);
        return access.Caller.IsSignedIn && await allows(access, http) ? await next(context) : Results.Forbid();
    }
}
