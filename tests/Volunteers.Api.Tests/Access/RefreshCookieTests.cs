using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Volunteers.Api.Accounts;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

/// <summary>The web app's refresh token lives in an HttpOnly cookie; every other client keeps the token in the JSON.</summary>
public sealed class RefreshCookieTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string SignIn = "mutation($p: String!, $pin: String!) { signInVolunteer(phone: $p, pin: $pin) { accessToken refreshToken } }";
    private const string RefreshByCookie = "mutation { refreshSession { accessToken refreshToken } }";
    private const string Refresh = "mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken refreshToken } }";

    [Fact]
    public async Task A_browser_sign_in_sets_an_HttpOnly_strict_cookie_for_graphql_and_the_answer_carries_no_refresh_token()
    {
        var phone = await World.JoinedPhone(factory);

        var answer = await Post(SignIn, new { p = phone, pin = World.Pin }, browser: true);

        var attributes = Attributes(answer.SetCookie!);
        Assert.StartsWith(RefreshCookie.Name + "=", answer.SetCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("path=/graphql", attributes);
        Assert.DoesNotContain("secure", attributes);
        Assert.NotNull(answer.Data["signInVolunteer"]!["accessToken"]);
        Assert.Null(answer.Data["signInVolunteer"]!["refreshToken"]);
    }

    [Fact]
    public async Task Over_TLS_the_cookie_is_Secure()
    {
        var phone = await World.JoinedPhone(factory);

        var answer = await Post(SignIn, new { p = phone, pin = World.Pin }, browser: true, https: true);

        Assert.Contains("secure", Attributes(answer.SetCookie!));
    }

    [Fact]
    public async Task Refresh_by_cookie_rotates_it_and_sign_out_by_cookie_ends_the_session_and_clears_it()
    {
        var phone = await World.JoinedPhone(factory);
        var first = Cookie((await Post(SignIn, new { p = phone, pin = World.Pin }, browser: true)).SetCookie!);

        var refreshed = await Post(RefreshByCookie, cookie: first);
        var second = Cookie(refreshed.SetCookie!);
        var reused = await Post(RefreshByCookie, cookie: first);
        var signIn = await Post(SignIn, new { p = phone, pin = World.Pin }, browser: true);
        var third = Cookie(signIn.SetCookie!);
        var signedOut = await Post("mutation { signOut }", cookie: third);
        var afterSignOut = await Post(RefreshByCookie, cookie: third);

        Assert.NotNull(refreshed.Data["refreshSession"]!["accessToken"]);
        Assert.Null(refreshed.Data["refreshSession"]!["refreshToken"]);
        Assert.NotEqual(first, second);
        Assert.Equal("UNAUTHENTICATED", reused.ErrorCode);
        Assert.True((bool)signedOut.Data["signOut"]!);
        Assert.Equal(RefreshCookie.Name + "=", Cookie(signedOut.SetCookie!));
        Assert.Contains("path=/graphql", Attributes(signedOut.SetCookie!));
        Assert.Contains(Attributes(signedOut.SetCookie!), a => a.StartsWith("expires=thu, 01 jan 1970", StringComparison.Ordinal));
        Assert.Equal("UNAUTHENTICATED", afterSignOut.ErrorCode);
    }

    [Fact]
    public async Task A_cross_site_form_carrying_the_cookie_is_refused_and_spends_nothing()
    {
        var phone = await World.JoinedPhone(factory);
        var cookie = Cookie((await Post(SignIn, new { p = phone, pin = World.Pin }, browser: true)).SetCookie!);
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var form = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["query"] = "mutation { signOut }" }),
        };
        form.Headers.Add("Cookie", cookie);

        using var refused = await http.SendAsync(form);
        var stillGood = await Post(RefreshByCookie, cookie: cookie);

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.NotNull(stillGood.Data["refreshSession"]!["accessToken"]);
    }

    [Fact]
    public async Task Without_the_header_the_token_travels_in_the_JSON_as_before_and_no_cookie_is_set()
    {
        var phone = await World.JoinedPhone(factory);

        var signIn = await Post(SignIn, new { p = phone, pin = World.Pin });
        var refreshed = await Post(Refresh, new { r = (string)signIn.Data["signInVolunteer"]!["refreshToken"]! });
        var next = (string)refreshed.Data["refreshSession"]!["refreshToken"]!;
        var signedOut = await Post("mutation($r: String!) { signOut(refreshToken: $r) }", new { r = next });
        var afterSignOut = await Post(Refresh, new { r = next });

        Assert.Null(signIn.SetCookie);
        Assert.Null(refreshed.SetCookie);
        Assert.True((bool)signedOut.Data["signOut"]!);
        Assert.Equal("UNAUTHENTICATED", afterSignOut.ErrorCode);
    }

    [Fact]
    public async Task A_browser_that_still_holds_a_stored_token_trades_it_once_for_the_cookie()
    {
        var phone = await World.JoinedPhone(factory);
        var stored = (string)(await Post(SignIn, new { p = phone, pin = World.Pin })).Data["signInVolunteer"]!["refreshToken"]!;

        var migrated = await Post(Refresh, new { r = stored }, browser: true);
        var byCookie = await Post(RefreshByCookie, cookie: Cookie(migrated.SetCookie!));

        Assert.Null(migrated.Data["refreshSession"]!["refreshToken"]);
        Assert.NotNull(byCookie.Data["refreshSession"]!["accessToken"]);
    }

    [Fact]
    public async Task Without_argument_or_cookie_refresh_and_sign_out_say_which_field_is_missing()
    {
        var refresh = await Post(RefreshByCookie);
        var signOut = await Post("mutation { signOut }");

        Assert.Equal(("UNAUTHENTICATED", "refreshToken"), (refresh.ErrorCode, refresh.ErrorField));
        Assert.Equal(("UNAUTHENTICATED", "refreshToken"), (signOut.ErrorCode, signOut.ErrorField));
    }

    private sealed record Answer(JsonObject Body, string? SetCookie)
    {
        public JsonNode Data => Body["data"]!;
        public string? ErrorCode => (string?)Body["errors"]?[0]?["extensions"]?["code"];
        public string? ErrorField => (string?)Body["errors"]?[0]?["extensions"]?["field"];
    }

    /// <summary>A raw POST, cookies handled by hand so the test sees exactly what the browser would be told.</summary>
    private async Task<Answer> Post(string query, object? variables = null, bool browser = false, string? cookie = null, bool https = false)
    {
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            HandleCookies = false,
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables }) };
        if (browser)
        {
            request.Headers.Add(RefreshCookie.Header, "1");
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        using var response = await http.SendAsync(request);
        var setCookie = response.Headers.TryGetValues("Set-Cookie", out var values) ? Assert.Single(values) : null;
        return new Answer(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), setCookie);
    }

    private static string Cookie(string setCookie) => setCookie.Split(';')[0];

    private static string[] Attributes(string setCookie) =>
        [.. setCookie.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant())];
}
