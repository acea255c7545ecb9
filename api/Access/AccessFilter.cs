using Volunteers.Api.Hosting;

namespace Volunteers.Api.Access;

/// <summary>
/// Puts a plain HTTP endpoint under the same <see cref="AccessRules"/> decisions as its GraphQL twin: after
/// RequireAuthorization has established who is calling, this decides whether their scope covers the request.
/// A refusal is a 403 whose JSON names what was out of reach, as GraphQL's FORBIDDEN does.
/// </summary>
/// <param name="field">What the decision was about in this request: the query parameter or path part a refused caller should look at.</param>
public sealed class AccessFilter(Func<HttpContext, string> field, Func<RequestAccess, HttpContext, ValueTask<bool>> allows) : IEndpointFilter
{
    /// <summary>A decision from where the caller stands alone, such as their role.</summary>
    public static AccessFilter Of(string field, Func<Home, bool> allows) => new(_ => field, async (access, _) => allows(await access.Home()));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var access = RequestAccess.For(http.User, http.RequestServices);
        return access.Caller.IsSignedIn && await allows(access, http)
            ? await next(context)
            : Refused(field(http), http.Request.Path);
    }

    private static IResult Refused(string field, PathString path) => DomainRefusalFilter.Refusal(
        new DomainException(AccessMiddleware.Forbidden, field, $"{field}: {path} is outside what this account's role and units may reach."));
}
