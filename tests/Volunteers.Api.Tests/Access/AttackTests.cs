using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Accounts;
using Volunteers.Api.Accounts;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

public sealed class AttackTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string SignInVolunteer = "mutation($p: String!, $pin: String!) { signInVolunteer(phone: $p, pin: $pin) { accessToken } }";
    private const string Refresh = "mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }";

    [Fact]
    public async Task Guessing_a_pin_meets_the_lockout_and_even_the_right_pin_waits()
    {
        var (anonymous, phone) = await JoinedVolunteer();

        var codes = new List<string?>();
        for (var i = 0; i < AccountGrain.MaxFailures + 2; i++)
        {
            codes.Add((await anonymous.Error(SignInVolunteer, new { p = phone, pin = $"{100000 + i}" })).Code);
        }
        var right = await anonymous.Error(SignInVolunteer, new { p = phone, pin = World.Pin });

        Assert.Equal(Enumerable.Repeat("UNAUTHENTICATED", AccountGrain.MaxFailures), codes.Take(AccountGrain.MaxFailures));
        Assert.All(codes.Skip(AccountGrain.MaxFailures), code => Assert.Equal("LOCKED", code));
        Assert.Equal("LOCKED", right.Code);
    }

    [Fact]
    public async Task A_pin_hashed_by_the_old_pbkdf2_hasher_still_signs_in_and_is_rehashed_under_the_pin_key()
    {
        var phone = $"0{Random.Shared.Next(300_000_000, 999_999_999)}";
        var login = factory.Services.GetRequiredService<IGrainFactory>().GetGrain<IAccountGrain>(Logins.OfPhone(phone));
        var legacy = new Microsoft.AspNetCore.Identity.PasswordHasher<Credentials>().HashPassword(null!, World.Pin);
        await login.Create(new NewAccount(Role.Volunteer, "v-legacy", legacy, "test"));
        var anonymous = factory.Anonymous();

        var first = await anonymous.Data(SignInVolunteer, new { p = phone, pin = World.Pin });
        var again = await anonymous.Data(SignInVolunteer, new { p = phone, pin = World.Pin });
        var wrong = await anonymous.Error(SignInVolunteer, new { p = phone, pin = "999999" });
        var stored = (await login.BeginSignIn())!.SecretHash;

        Assert.NotNull(first["signInVolunteer"]!["accessToken"]);
        Assert.NotNull(again["signInVolunteer"]!["accessToken"]);
        Assert.Equal("UNAUTHENTICATED", wrong.Code);
        Assert.NotEqual(legacy, stored);
        Assert.StartsWith("pin-hmac-sha256$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(World.Pin, stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_password_keeps_the_slow_pbkdf2_hash_and_a_pin_hash_needs_the_key()
    {
        var credentials = factory.Services.GetRequiredService<Credentials>();
        var otherKey = new Credentials(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var pin = credentials.Hash(Secret.Pin, World.Pin);

        Assert.True(new Microsoft.AspNetCore.Identity.PasswordHasher<Credentials>().VerifyHashedPassword(null!, credentials.Hash(Secret.Password, "a long password"), "a long password")
            != Microsoft.AspNetCore.Identity.PasswordVerificationResult.Failed);
        Assert.Equal((true, null), credentials.Verify(Secret.Pin, pin, World.Pin));
        Assert.NotEqual(pin, credentials.Hash(Secret.Pin, World.Pin));
        Assert.Equal((false, null), otherKey.Verify(Secret.Pin, pin, World.Pin));
        Assert.Equal((false, null), credentials.Verify(Secret.Pin, null, World.Pin));
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_401()
    {
        var account = new AccountInfo("user:someone", Role.Organiser, "u-whatever", "test", DateTimeOffset.UtcNow);
        var expired = factory.Services.GetRequiredService<TokenIssuer>().Access(account, "s", DateTimeOffset.UtcNow.AddHours(-2));

        using var response = await Post(expired);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_token_is_refused_with_401()
    {
        var (anonymous, phone) = await JoinedVolunteer();
        var token = await Session(anonymous, phone, "accessToken");
        var parts = token.Split('.');
        // Claim to be an organiser: the payload changes, the signature does not.
        var payload = System.Text.Encoding.UTF8.GetString(Base64Url(parts[1])).Replace("\"volunteer\"", "\"organiser\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";

        using var valid = await Post(token);
        using var refused = await Post(tampered);

        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_refresh_token_works_once_and_its_reuse_revokes_the_session()
    {
        var (anonymous, phone) = await JoinedVolunteer();
        var first = await Session(anonymous, phone, "refreshToken");

        var second = (string)(await anonymous.Data(Refresh, new { r = first }))["refreshSession"]!["refreshToken"]!;
        var reused = await anonymous.Error(Refresh, new { r = first });
        var afterReuse = await anonymous.Error(Refresh, new { r = second });

        Assert.Equal(("UNAUTHENTICATED", "refreshToken"), (reused.Code, reused.Field));
        Assert.Equal(("UNAUTHENTICATED", "refreshToken"), (afterReuse.Code, afterReuse.Field));
    }

    [Fact]
    public async Task A_signed_out_refresh_token_is_refused()
    {
        var (anonymous, phone) = await JoinedVolunteer();
        var token = await Session(anonymous, phone, "refreshToken");

        await anonymous.Data("mutation($r: String!) { signOut(refreshToken: $r) }", new { r = token });
        var refused = await anonymous.Error(Refresh, new { r = token });

        Assert.Equal("UNAUTHENTICATED", refused.Code);
    }

    [Fact]
    public async Task Without_a_token_a_protected_field_says_unauthenticated_and_names_itself()
    {
        var error = await factory.Anonymous().Error("{ me { role } }");

        Assert.Equal(("UNAUTHENTICATED", "Query.me"), (error.Code, error.Field));
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_rate_limited()
    {
        await using var production = new ApiFactory { ProductionLimits = true };
        var anonymous = production.Anonymous();

        var codes = new List<string?>();
        for (var i = 0; i <= new AuthOptions().SignInsPerMinute; i++)
        {
            codes.Add((await anonymous.Error("mutation { signIn(username: \"nobody\", password: \"wrong password\") { accessToken } }")).Code);
        }

        Assert.Equal("UNAUTHENTICATED", codes[0]);
        Assert.Equal("RATE_LIMITED", codes[^1]);
    }

    [Fact]
    public async Task The_access_token_of_a_signed_out_session_is_refused_at_once()
    {
        var (anonymous, phone) = await JoinedVolunteer();
        var signIn = (await anonymous.Data("mutation($p: String!, $pin: String!) { signInVolunteer(phone: $p, pin: $pin) { accessToken refreshToken } }",
            new { p = phone, pin = World.Pin }))["signInVolunteer"]!;
        var token = (string)signIn["accessToken"]!;
        using var before = await Post(token);

        await anonymous.Data("mutation($r: String!) { signOut(refreshToken: $r) }", new { r = (string)signIn["refreshToken"]! });
        using var after = await Post(token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task The_access_token_of_a_deleted_account_is_refused_at_once()
    {
        var (anonymous, phone) = await JoinedVolunteer();
        var token = await Session(anonymous, phone, "accessToken");
        await anonymous.As(token).Data("mutation { deleteMyAccount(reason: \"test\") }");

        using var after = await Post(token);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task An_invite_link_is_built_from_the_configured_public_address_not_the_host_header()
    {
        await using var configured = new ApiFactory { Settings = { ["App:PublicBaseUrl"] = "https://tinhnguyen.example.vn/" } };
        var organiser = configured.GraphQL();
        var world = await World.Create(organiser, start: false);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { query = "query($t: ID!) { teamInvite(teamId: $t) { url } }", variables = new { t = world.TeamIds[0] } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await organiser.AccessToken());
        request.Headers.Host = "evil.example";

        using var response = await organiser.Http.SendAsync(request);
        var url = (string)System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]!["teamInvite"]!["url"]!;

        Assert.StartsWith("https://tinhnguyen.example.vn/join?invite=", url, StringComparison.Ordinal);
    }

    private async Task<(GraphQLClient Anonymous, string Phone)> JoinedVolunteer() => (factory.Anonymous(), await World.JoinedPhone(factory));

    private static async Task<string> Session(GraphQLClient anonymous, string phone, string token) =>
        (string)(await anonymous.Data(SignInVolunteer.Replace("accessToken", token, StringComparison.Ordinal), new { p = phone, pin = World.Pin }))
            ["signInVolunteer"]![token]!;

    private Task<HttpResponseMessage> Post(string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = System.Net.Http.Json.JsonContent.Create(new { query = "{ me { role } }" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return factory.Anonymous().Http.SendAsync(request);
    }

    private static byte[] Base64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
