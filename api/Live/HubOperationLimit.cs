using Microsoft.AspNetCore.SignalR;
using Volunteers.Api.Access;

namespace Volunteers.Api.Live;

/// <summary>
/// Counts each hub invocation against the caller's operations budget, the one HTTP requests to /graphql draw on:
/// a connection opened once is no way around the request limit.
/// </summary>
public sealed class HubOperationLimit(RateLimits limits) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var context = invocationContext.Context;
        try
        {
            limits.AcquireOperation(context.User, context.GetHttpContext(), $"Hub.{invocationContext.HubMethodName}");
        }
        catch (DomainException refusal)
        {
            // Refusals reach a hub client as a HubException whose message starts with the code, as LiveHub's do.
            throw new HubException($"{refusal.Code}: {refusal.Message}");
        }
        return await next(invocationContext);
    }
}
