using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Volunteers.Tests.Readme;

/// <summary>
/// Every command the README shows for running the platform, run as written from the repository root
/// with appsettings.json loaded: the api listens where the README says (localhost:5000, or 5080), so these tests
/// run one after another and need those ports free.
/// </summary>
public sealed class ReadmeCommandsTests : IDisposable
{
    private static readonly Uri Site = new("http://localhost:5000");

    // The first `dotnet run` may build the api in Debug, which takes minutes on a busy 2-core machine.
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(6);

    private readonly string _data = Directory.CreateTempSubdirectory("volunteers-readme-").FullName;
    private readonly HttpClient _http = new() { BaseAddress = Site };

    [Fact]
    public async Task Run_serves_the_web_app_and_the_curl_walkthrough_logs_a_help()
    {
        await using var api = await StartApi(Readme.Command("dotnet run --project api", exact: true));

        var start = await _http.GetStringAsync("/");
        Assert.Contains("<script", start, StringComparison.Ordinal);
        Assert.True((await _http.GetAsync("/volunteer.html")).IsSuccessStatusCode, "the volunteer app is served");

        var walkthrough = await Shell.Run(Readme.BlockAfter("A volunteer's day from a shell"), _data);
        var answers = walkthrough.Replace("}{", "}\n{", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(answers, a => Assert.False(JsonNode.Parse(a)!.AsObject().ContainsKey("errors"), $"the walkthrough was refused: {a}"));
        Assert.False(JsonNode.Parse(answers[^2])!["data"]!["logHelp"]!["duplicate"]!.GetValue<bool>());
        Assert.True(JsonNode.Parse(answers[^1])!["data"]!["counts"]!["helps"]!.GetValue<int>() >= 1, walkthrough);
    }

    [Fact]
    public async Task Simulated_demo_counts_helps_within_20_seconds_and_keeps_running()
    {
        await using var api = await StartApi(Readme.Command("Demo__Simulate=true dotnet run --project api", exact: true));
        var organiser = await SignInAsDemo("ORGANISER");
        var campaign = (await Ask(organiser, "{ campaigns { id status } }"))["campaigns"]!.AsArray()
            .First(c => c!["status"]!.GetValue<string>() == "RUNNING")!["id"]!.GetValue<string>();

        var helps = 0;
        var until = DateTime.UtcNow.AddSeconds(20);
        while (helps == 0 && DateTime.UtcNow < until)
        {
            helps = (await Ask(organiser, $"{{ counts(campaignId: \"{campaign}\") {{ helps }} }}"))["counts"]!["helps"]!.GetValue<int>();
            await Task.Delay(500);
        }
        Assert.True(helps > 0, $"no help counted within 20 s:\n{api.Output}");

        // The old simulator stopped the host a few seconds after start: it must still be serving.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.False(api.HasExited, api.Output);
        Assert.True((await _http.GetAsync("/health/ready")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Run_on_a_taken_port_or_a_database_in_use_says_so_and_exits_and_the_readmes_other_address_serves()
    {
        var taken = new TcpListener(IPAddress.Loopback, Site.Port);
        taken.Start();
        try
        {
            await using var refused = Shell.Start(Readme.Command("dotnet run --project api", exact: true), _data);
            Assert.Equal(1, await refused.Exit(StartLimit));
            Assert.Contains("address already in use. Another process listens there", LastEntry(refused), StringComparison.Ordinal);
            // What the host printed before it stopped what had started: a background service cancelled, not stopped,
            // was logged as failed, and the process ended on an unhandled exception.
            Assert.DoesNotContain("BackgroundService failed", refused.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", refused.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("non-graceful", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }

        var other = new Uri("http://localhost:5080");
        await using var api = await StartApi(Readme.Command("dotnet run --project api --urls "), other);
        Assert.Contains("<script", await _http.GetStringAsync(new Uri(other, "/")), StringComparison.Ordinal);

        // Port 5000 is free now, and the database is the running api's: a second silo on it would write over the first's.
        await using var second = Shell.Start(Readme.Command("dotnet run --project api", exact: true), _data);
        Assert.Equal(1, await second.Exit(StartLimit));
        Assert.Contains("volunteers.db is in use by another api or silo on this machine", LastEntry(second), StringComparison.Ordinal);
        Assert.True((await _http.GetAsync(new Uri(other, "/health/ready"))).IsSuccessStatusCode, "the first api still serves");
    }

    /// <summary>The last log entry: the console logger puts its level and category on one line, the message on the next.</summary>
    private static string LastEntry(Shell shell) =>
        string.Join('\n', shell.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(2));

    [Fact]
    public async Task Create_organiser_commands_make_organisers_who_sign_in()
    {
        const string password = "bac-kan-2026";
        var province = await Shell.Run(Readme.Command("dotnet run --project api -- create-organiser --username tinhdoan"), _data, input: password);
        // The command's answer is the last line the operator reads, not a log line of the host stopping after it.
        var provinceId = System.Text.RegularExpressions.Regex.Match(province.TrimEnd().Split('\n')[^1], @"^Organiser 'tinhdoan' of (u-\S+) created").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(provinceId), province);

        // The README leaves the unit id for the reader to fill in; the province just made is one.
        var second = Readme.Command("dotnet run --project api -- create-organiser --username huyendoan").Replace("u-…", provinceId, StringComparison.Ordinal);
        await Shell.Run(second, _data, input: password);

        await using var api = await StartApi(Readme.Command("dotnet run --project api", exact: true));
        foreach (var username in new[] { "tinhdoan", "huyendoan" })
        {
            var session = await Ask(null, $"mutation {{ signIn(username: \"{username}\", password: \"{password}\") {{ account {{ role scopeId }} }} }}");
            Assert.Equal("ORGANISER", session["signIn"]!["account"]!["role"]!.GetValue<string>());
            Assert.Equal(provinceId, session["signIn"]!["account"]!["scopeId"]!.GetValue<string>());
        }
    }

    private async Task<Shell> StartApi(string command, Uri? site = null)
    {
        var api = Shell.Start(command, _data);
        var ready = new Uri(site ?? Site, "/health/ready");
        var until = DateTime.UtcNow + StartLimit;
        while (DateTime.UtcNow < until)
        {
            Assert.False(api.HasExited, $"`{command}` stopped before it served:\n{api.Output}");
            try
            {
                if ((await _http.GetAsync(ready)).IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Still building or starting.
            }
            await Task.Delay(1000);
        }
        await api.DisposeAsync();
        throw new TimeoutException($"`{command}` did not answer /health/ready within {StartLimit}:\n{api.Output}");
    }

    private async Task<string> SignInAsDemo(string role)
    {
        var accounts = (await Ask(null, "{ demoAccounts { role login secret } }"))["demoAccounts"]!.AsArray();
        var account = accounts.First(a => a!["role"]!.GetValue<string>() == role)!;
        var session = await Ask(null, $"mutation {{ signIn(username: \"{account["login"]}\", password: \"{account["secret"]}\") {{ accessToken }} }}");
        return session["signIn"]!["accessToken"]!.GetValue<string>();
    }

    private async Task<JsonNode> Ask(string? token, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query }) };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }
        using var response = await _http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(body["errors"] is null, $"{query} was refused: {body.ToJsonString(new JsonSerializerOptions { WriteIndented = true })}");
        return body["data"]!;
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
