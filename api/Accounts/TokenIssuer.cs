using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Volunteers.Accounts;

namespace Volunteers.Api.Accounts;

/// <summary>What a sign-in, a join or a refresh hands back; no refresh token when it went to the browser's cookie.</summary>
public sealed record SessionTokens(string AccessToken, DateTimeOffset ExpiresAt, string? RefreshToken, AccountInfo Account);

/// <summary>Access tokens are JWTs naming the caller's role and scope; the claim names are this platform's own.</summary>
public sealed class TokenIssuer(SigningKey key, IOptions<AuthOptions> options)
{
    public const string Subject = "sub";
    public const string RoleClaim = "role";
    public const string ScopeClaim = "scope";
    public const string SessionClaim = "sid";
    public const string ExpiryClaim = "exp";
    public const string Audience = "volunteers-api";

    private readonly AuthOptions _options = options.Value;
    private readonly JsonWebTokenHandler _handler = new();

    public string Access(AccountInfo account, string sessionId, DateTimeOffset issuedAt) =>
        _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = Audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = (issuedAt + _options.AccessLifetime).UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(Subject, SubjectOf(account)),
                new Claim(RoleClaim, Codes<Role>.Of(account.Role)),
                new Claim(ScopeClaim, account.ScopeId),
                new Claim(SessionClaim, sessionId),
            ]),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });

    public TokenValidationParameters Validation => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = Audience,
        IssuerSigningKey = key.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = Subject,
        RoleClaimType = RoleClaim,
    };

    /// <summary>A volunteer is named by their id, never their phone, so tokens, logs and the audit hold no phone number.</summary>
    public static string SubjectOf(AccountInfo account) => account.Role == Role.Volunteer ? account.ScopeId : account.Login;
}
