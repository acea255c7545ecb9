using System.Security.Claims;

namespace Volunteers.Api.GraphQL.WebSockets;

/// <summary>
/// What a long-lived socket asks of sign-in: the caller a token names, whether that caller may still act, and
/// word when they no longer may. The endpoint alone knows no tokens; the api's <c>SessionCheck</c> does.
/// </summary>
public interface ISocketSessions
{
    /// <summary>The caller <paramref name="token"/> names, or null when it is not valid.</summary>
    Task<ClaimsPrincipal?> SignIn(string token);

    ValueTask<bool> StillMayAct(ClaimsPrincipal? user);

    /// <summary>Calls <paramref name="end"/> once <paramref name="user"/> may no longer act; disposing stops watching.</summary>
    IDisposable Watch(ClaimsPrincipal? user, Action end);
}

/// <summary>Without sign-in every socket is anonymous: a token cannot be checked, so it is refused.</summary>
internal sealed class AnonymousSockets : ISocketSessions, IDisposable
{
    public Task<ClaimsPrincipal?> SignIn(string token) => Task.FromResult<ClaimsPrincipal?>(null);

    public ValueTask<bool> StillMayAct(ClaimsPrincipal? user) => ValueTask.FromResult(user?.Identity?.IsAuthenticated != true);

    public IDisposable Watch(ClaimsPrincipal? user, Action end) => this;

    public void Dispose()
    {
    }
}
