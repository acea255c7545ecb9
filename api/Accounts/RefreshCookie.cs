using Microsoft.Extensions.Options;

namespace Volunteers.Api.Accounts;

/// <summary>
/// The web app's refresh token, kept where its scripts cannot read it: an HttpOnly, SameSite=Strict cookie that
/// only /graphql receives, because refreshSession and signOut are GraphQL mutations. A browser asks for it with
/// the <see cref="Header"/>; other clients keep getting the token in the answer and sending it as an argument.
/// The cookie is read and written only on a POST, which /graphql takes as application/json alone: a cross-site
/// form cannot send that without a CORS preflight, and SameSite=Strict keeps the cookie off cross-site requests.
/// WebSocket upgrades are GETs, so a socket never spends or sets it.
/// </summary>
public sealed class RefreshCookie(IHttpContextAccessor http, IOptions<AuthOptions> options, TimeProvider time)
{
    public const string Name = "volunteers.refresh";
    public const string Header = "X-Refresh-Cookie";
    public const string Path = "/graphql";

    private HttpContext? Post => http.HttpContext is { } context && HttpMethods.IsPost(context.Request.Method) ? context : null;

    /// <summary>The argument when given, else the cookie.</summary>
    public string? Token(string? argument) => argument ?? Post?.Request.Cookies[Name];

    /// <summary>
    /// Puts the refresh token in the cookie instead of the answer when the browser asked for it or the token
    /// came from the cookie.
    /// </summary>
    public SessionTokens Deliver(SessionTokens tokens, bool fromCookie = false)
    {
        if (Post is not { } context || !(fromCookie || context.Request.Headers[Header] == "1"))
        {
            return tokens;
        }
        context.Response.Cookies.Append(Name, tokens.RefreshToken!, Options(context, time.GetUtcNow() + options.Value.RefreshLifetime));
        return tokens with { RefreshToken = null };
    }

    public void Clear()
    {
        if (Post is { } context && context.Request.Cookies.ContainsKey(Name))
        {
            context.Response.Cookies.Delete(Name, Options(context, expires: null));
        }
    }

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = Path,
        Expires = expires,
    };
}
