using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Volunteers.Accounts;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Sign-in, sessions and the accounts of each role. Secrets are hashed and checked here, in the api, so
/// they never travel to a silo; the account grain counts attempts so the lockout holds across apis.
/// </summary>
public sealed partial class AccountService(
    IGrainFactory grains, Credentials credentials, TokenIssuer tokens, IOptions<AuthOptions> options, TimeProvider time,
    SessionCheck sessions, ILogger<AccountService> logger)
{
    public const int MinPasswordLength = 10;

    public Task<SessionTokens> SignIn(string username, string password) =>
        SignInAs(Logins.OfUsername(username), Secret.Password, password, "password", "Wrong username or password.");

    public Task<SessionTokens> SignInVolunteer(string phone, string pin) =>
        SignInAs(Logins.OfPhone(phone), Secret.Pin, pin, "pin", "Wrong phone number or PIN.");

    public async Task<SessionTokens> Refresh(string? refreshToken)
    {
        var (sessionId, secret) = SplitRefreshToken(refreshToken);
        var next = Credentials.NewToken();
        var session = grains.GetGrain<ISessionGrain>(sessionId);
        var login = await session.Rotate(Credentials.HashToken(secret), Credentials.HashToken(next));
        var account = login is null ? null : await grains.GetGrain<IAccountGrain>(login).Get();
        if (account is null || !await grains.GetGrain<IAccountGrain>(login!).HasSession(sessionId))
        {
            await session.Revoke();
            LogRefreshRefused(logger);
            throw RefreshRefused();
        }
        return Issue(account, sessionId, next);
    }

    public async Task SignOut(string? refreshToken)
    {
        var sessionId = SplitRefreshToken(refreshToken).SessionId;
        await grains.GetGrain<ISessionGrain>(sessionId).Revoke();
        // Revoke does not wait for the notices to arrive; this api must not answer the caller's next request from its cache first.
        await sessions.Changed(sessionId);
    }

    /// <summary>An organiser's, official's or team leader's account, bound to the unit or team it serves.</summary>
    public async Task<AccountInfo> CreateStaff(Role role, string scopeId, string username, string password, string createdBy)
    {
        var name = Username(username);
        await RequireScope(role, scopeId);
        var account = await grains.GetGrain<IAccountGrain>(Logins.OfUsername(name))
            .Create(new NewAccount(role, scopeId, credentials.Hash(Secret.Password, Password(password)), createdBy));
        LogCreated(logger, Codes<Role>.Of(role), scopeId, createdBy);
        return account;
    }

    /// <summary>
    /// The first account of an install (or of a new province), from the create-organiser command: the
    /// organiser of an existing unit, or of a new province made for them. Input is checked before the
    /// province is made, so a refused password leaves no stray province.
    /// </summary>
    public async Task<AccountInfo> CreateFirstOrganiser(string? unitId, string? provinceName, string? code, string username, string password)
    {
        Username(username);
        Password(password);
        var scopeId = unitId ?? (await grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit))
            .Create(new NewUnit(provinceName ?? "", UnitKind.Province, code, null))).Id;
        return await CreateStaff(Role.Organiser, scopeId, username, password, "first-run");
    }

    /// <summary>
    /// A volunteer joins a team with its invite code, their phone and a PIN they choose. When the roster lists
    /// their phone already (an official added or imported them), they claim that entry: same volunteer, no
    /// second person. The login is claimed first, so a phone that has one already, a claimed entry's among
    /// them, makes no stray roster entry and claims nothing twice.
    /// <para>A phone that has an account is answered as signInVolunteer answers it: its PIN signs its volunteer in
    /// (back on a new device), a wrong one gets sign-in's own refusal and counts towards the lockout. No answer
    /// says that a phone has an account, so joinTeam is no way to learn who has joined.</para>
    /// </summary>
    public async Task<SessionTokens> Join(string inviteCode, string name, string phone, string pin, string? branch)
    {
        var teamId = await AcceptedTeam(inviteCode);
        var listed = await grains.GetGrain<ITeamGrain>(teamId).MemberWithPhone(phone);
        var volunteerId = listed ?? Ids.New(Ids.Volunteer);
        var login = grains.GetGrain<IAccountGrain>(Logins.OfPhone(phone));
        var (sessionId, secret) = (Credentials.NewToken(), Credentials.NewToken());
        AccountInfo account;
        try
        {
            account = await login.Create(new NewAccount(Role.Volunteer, volunteerId, credentials.Hash(Secret.Pin, Pin(pin)), $"invite:{teamId}", sessionId));
        }
        catch (DomainException taken) when (taken is { Code: "CONFLICT", Field: "phone" })
        {
            return await SignInVolunteer(phone, pin);
        }
        if (listed is null)
        {
            try
            {
                await grains.GetGrain<IVolunteerGrain>(volunteerId).Create(new NewVolunteer(name, phone, branch, teamId));
            }
            catch (DomainException)
            {
                await login.Delete();
                throw;
            }
        }
        LogJoined(logger, volunteerId, teamId, listed is not null);
        await OpenSession(account, sessionId, secret);
        return Issue(account, sessionId, secret);
    }

    /// <summary>Forgets the volunteer's login and personal details; their records stay, under their id alone.</summary>
    public async Task DeleteVolunteer(string volunteerId)
    {
        var volunteer = grains.GetGrain<IVolunteerGrain>(volunteerId);
        var info = await volunteer.Get() ?? throw DomainException.NotFound("volunteerId", volunteerId);
        if (info.Phone.Length > 0)
        {
            foreach (var sessionId in await grains.GetGrain<IAccountGrain>(Logins.OfPhone(info.Phone)).Delete())
            {
                await grains.GetGrain<ISessionGrain>(sessionId).Revoke();
                await sessions.Changed(sessionId);
            }
        }
        await volunteer.Forget();
        LogDeleted(logger, volunteerId);
    }

    public static string InviteCode(string teamId, string secret) => $"{teamId}.{secret}";

    private async Task<string> AcceptedTeam(string inviteCode)
    {
        var dot = inviteCode.LastIndexOf('.');
        var teamId = dot > 0 ? inviteCode[..dot] : "";
        if (!Ids.IsKind(teamId, Ids.Team) || teamId.Length > 64
            || !await grains.GetGrain<ITeamInviteGrain>(teamId).Accepts(inviteCode[(dot + 1)..]))
        {
            throw DomainException.Invalid("inviteCode", "The invite code is not valid (any more); ask the team leader for the current one.");
        }
        return teamId;
    }

    private async Task<SessionTokens> SignInAs(string login, Secret kind, string secret, string field, string refusal)
    {
        var account = grains.GetGrain<IAccountGrain>(login);
        var attempt = await account.BeginSignIn();
        var (matches, rehashed) = credentials.Verify(kind, attempt?.SecretHash, secret);
        if (attempt is null || !matches)
        {
            LogSignInRefused(logger, attempt is null ? "unknown login" : "wrong secret");
            throw new DomainException("UNAUTHENTICATED", field, refusal);
        }
        return await StartSession(attempt.Account, rehashed);
    }

    private async Task<SessionTokens> StartSession(AccountInfo account, string? rehashed)
    {
        var (sessionId, secret) = (Credentials.NewToken(), Credentials.NewToken());
        await OpenSession(account, sessionId, secret);
        await grains.GetGrain<IAccountGrain>(account.Login).SignedIn(sessionId, rehashed);
        return Issue(account, sessionId, secret);
    }

    private Task OpenSession(AccountInfo account, string sessionId, string secret) =>
        grains.GetGrain<ISessionGrain>(sessionId).Start(account.Login, Credentials.HashToken(secret), time.GetUtcNow() + options.Value.RefreshLifetime);

    private SessionTokens Issue(AccountInfo account, string sessionId, string secret)
    {
        var now = time.GetUtcNow();
        return new SessionTokens(tokens.Access(account, sessionId, now), now + options.Value.AccessLifetime, $"{sessionId}.{secret}", account);
    }

    private async Task RequireScope(Role role, string scopeId)
    {
        switch (role)
        {
            case Role.Organiser or Role.Official:
                var unit = await grains.GetGrain<IUnitGrain>(Ids.Require(scopeId, "scopeId", Ids.Unit)).Get()
                    ?? throw DomainException.NotFound("scopeId", scopeId);
                var fits = role == Role.Organiser ? unit.Kind is UnitKind.Province or UnitKind.District : unit.Kind == UnitKind.Ward;
                if (!fits)
                {
                    throw DomainException.Invalid("scopeId", role == Role.Organiser
                        ? $"An organiser serves a province or district; '{unit.Name}' is a {unit.Kind}."
                        : $"An official serves a ward or commune; '{unit.Name}' is a {unit.Kind}.");
                }
                break;
            case Role.Leader:
                _ = await grains.GetGrain<ITeamGrain>(Ids.Require(scopeId, "scopeId", Ids.Team)).Get()
                    ?? throw DomainException.NotFound("scopeId", scopeId);
                break;
            default:
                throw DomainException.Invalid("role", "Volunteers join with their team's invite code; no one creates their account.");
        }
    }

    private static (string SessionId, string Secret) SplitRefreshToken(string? token)
    {
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot is > 0 and <= 64 && dot < token!.Length - 1 ? (token[..dot], token[(dot + 1)..]) : throw RefreshRefused();
    }

    private static DomainException RefreshRefused() =>
        new("UNAUTHENTICATED", "refreshToken", "The refresh token is not valid (any more); sign in again.");

    private static string Username(string username)
    {
        var name = username.Trim().ToLowerInvariant();
        return UsernamePattern().IsMatch(name)
            ? name
            : throw DomainException.Invalid("username", "A username has 3 to 64 characters: letters a-z, digits, '.', '_' or '-'.");
    }

    private static string Password(string password) => password.Length is >= MinPasswordLength and <= 128
        ? password
        : throw DomainException.Invalid("password", $"A password has {MinPasswordLength} to 128 characters.");

    private static string Pin(string pin) => PinPattern().IsMatch(pin)
        ? pin
        : throw DomainException.Invalid("pin", "A PIN has 6 to 8 digits.");

    [GeneratedRegex("^[a-z0-9._-]{3,64}$")]
    private static partial Regex UsernamePattern();

    [GeneratedRegex("^[0-9]{6,8}$")]
    private static partial Regex PinPattern();

    [LoggerMessage(LogLevel.Information, "Sign-in refused: {Reason}")]
    private static partial void LogSignInRefused(ILogger logger, string reason);

    [LoggerMessage(LogLevel.Warning, "A refresh token was refused; its session is revoked")]
    private static partial void LogRefreshRefused(ILogger logger);

    [LoggerMessage(LogLevel.Information, "Account created: {Role} of {Scope} by {CreatedBy}")]
    private static partial void LogCreated(ILogger logger, string role, string scope, string createdBy);

    [LoggerMessage(LogLevel.Information, "Volunteer {Volunteer} joined team {Team} (claimed a roster entry: {Claimed})")]
    private static partial void LogJoined(ILogger logger, string volunteer, string team, bool claimed);

    [LoggerMessage(LogLevel.Information, "Volunteer {Volunteer} deleted their account")]
    private static partial void LogDeleted(ILogger logger, string volunteer);
}
