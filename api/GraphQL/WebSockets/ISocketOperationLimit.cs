using System.Security.Claims;
using GraphQL;

namespace Volunteers.Api.GraphQL.WebSockets;

/// <summary>
/// Counts each operation a socket sends against the budget its caller's HTTP requests draw on, so a socket is no
/// way around the request limit. The endpoint alone knows no budgets; the api's <c>RateLimits</c> does.
/// </summary>
public interface ISocketOperationLimit
{
    /// <summary>Null when the operation may run; otherwise the refusal to send, saying when to try again.</summary>
    ExecutionError? Admit(ClaimsPrincipal caller, HttpContext connection);
}

/// <summary>Without a configured budget, every operation runs.</summary>
internal sealed class UnlimitedOperations : ISocketOperationLimit
{
    public ExecutionError? Admit(ClaimsPrincipal caller, HttpContext connection) => null;
}
