using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Volunteers.Tests.Browser;

/// <summary>
/// The site as a phone sees it: the built api (with the built web app) in a process of its own on
/// a free port, an empty SQLite file whose first account is made by the create-organiser command
/// (as an install's is), the district of <see cref="District"/> built by that organiser, and one
/// headless Debian Chromium. Started once for all browser tests, which share it in one collection.
/// </summary>
public sealed class Site : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("volunteers-browser-").FullName;
    private readonly StringBuilder _apiOutput = new();
    private Process? _api;
    private IPlaywright? _playwright;

    private readonly string _siloPort = FreePort().ToString(CultureInfo.InvariantCulture);
    private readonly string _gatewayPort = FreePort().ToString(CultureInfo.InvariantCulture);

    public string BaseUrl { get; } = $"http://127.0.0.1:{FreePort()}";
    public IBrowser Browser { get; private set; } = null!;
    public GraphQLClient Api { get; private set; } = null!;
    public District District { get; private set; } = null!;

    public static string Artefacts => Metadata("Artefacts");

    public async Task InitializeAsync()
    {
        var apiAssembly = Metadata("ApiAssembly");
        Assert.True(File.Exists(apiAssembly), $"Build the api first: {apiAssembly} is missing.");
        await CreateOrganiser(apiAssembly);
        var start = ApiProcess(apiAssembly, "--urls", BaseUrl, "--webroot", Metadata("WebRoot"));
        _api = Process.Start(start)!;
        _api.OutputDataReceived += (_, e) => Keep(e.Data);
        _api.ErrorDataReceived += (_, e) => Keep(e.Data);
        _api.BeginOutputReadLine();
        _api.BeginErrorReadLine();

        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await WaitUntilReady(http);
        var anonymous = new GraphQLClient(http);
        Api = new GraphQLClient(http, () => anonymous.SignIn(District.Organiser, District.Password));
        District = await District.Create(Api);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            // Debian's chromium; Playwright's own browser downloads are not available here.
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// The install's first organiser, made the way an operator does before anyone can sign in: the api's
    /// create-organiser command against the same database, before the site starts.
    /// </summary>
    private async Task CreateOrganiser(string apiAssembly)
    {
        using var command = Process.Start(ApiProcess(apiAssembly,
            "create-organiser", "--username", District.Organiser, "--password", District.Password, "--province", District.Province))!;
        var output = command.StandardOutput.ReadToEndAsync();
        var errors = command.StandardError.ReadToEndAsync();
        await command.WaitForExitAsync();
        Assert.True(command.ExitCode == 0, $"create-organiser failed ({command.ExitCode}):\n{await output}\n{await errors}");
    }

    private ProcessStartInfo ApiProcess(string apiAssembly, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Volunteers"] = $"Data Source={Path.Combine(_folder, "volunteers.db")}",
                ["Orleans__SiloPort"] = _siloPort,
                ["Orleans__GatewayPort"] = _gatewayPort,
                ["Demo__Seed"] = "false",
                // Every test signs in from 127.0.0.1; the per-address limit is for guessing passwords, not for this.
                ["Auth__SignInsPerMinute"] = "1000",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        foreach (var arg in new[] { apiAssembly }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    /// <summary>Signs in through the staff form the page shows to a reader without a session.</summary>
    public static async Task SignIn(IPage page, string username, string password = District.Password)
    {
        await page.GetByLabel("Tên đăng nhập").FillAsync(username);
        await page.GetByLabel("Mật khẩu").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" })).ToBeVisibleAsync();
        await RefreshCookie(page);
    }

    /// <summary>
    /// The refresh token, found where no script of the page can read it: an HttpOnly, SameSite=Strict cookie that only
    /// /graphql receives, and neither in the page's storage nor in document.cookie.
    /// </summary>
    public static async Task<string> RefreshCookie(IPage page)
    {
        var readable = await ReadableByScripts(page);
        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "volunteers.refresh");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/graphql", cookie.Path);
        Assert.DoesNotContain("refreshToken", readable, StringComparison.Ordinal);
        Assert.DoesNotContain(cookie.Value, readable, StringComparison.Ordinal);
        return cookie.Value;
    }

    /// <summary>What the page's scripts can read; a page that navigates meanwhile (a sign-in opening the signed-in page) is read once it has loaded.</summary>
    private static async Task<string> ReadableByScripts(IPage page)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await page.EvaluateAsync<string>("() => JSON.stringify(localStorage) + document.cookie");
            }
            catch (PlaywrightException navigated) when (attempt < 3 && navigated.Message.Contains("Execution context was destroyed", StringComparison.Ordinal))
            {
                await page.WaitForLoadStateAsync();
            }
        }
    }

    /// <summary>A fresh browser profile (storage, service workers, cache) at a phone's or a desk's size.</summary>
    public Task<IBrowserContext> NewContext(int width, int height) =>
        Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = width, Height = height }, Locale = "vi-VN" });

    public Task<IBrowserContext> Phone() => NewContext(360, 640);

    public Task<IBrowserContext> Desk() => NewContext(1366, 768);

    public static async Task Screenshot(IPage page, string name)
    {
        var folder = Path.Combine(Artefacts, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_api is { HasExited: false })
        {
            _api.Kill(entireProcessTree: true);
            await _api.WaitForExitAsync();
        }
        _api?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
    }

    private async Task WaitUntilReady(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_api!.HasExited, $"The api stopped:\n{ApiOutput()}");
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        Assert.Fail($"The api did not become ready in 60 s:\n{ApiOutput()}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_apiOutput)
        {
            _apiOutput.AppendLine(line);
        }
    }

    private string ApiOutput()
    {
        lock (_apiOutput)
        {
            return _apiOutput.ToString();
        }
    }

    private static string Metadata(string key) =>
        typeof(Site).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A free port below Linux's ephemeral range (32768–60999). One the kernel picked there and this let go, it could hand
    /// to an outbound connection before the api bound it: CI on 41ecedb saw the site's port taken by its own silo's
    /// connection, and every browser test failed with it.
    /// </summary>
    private static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_768);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
            }
            catch (SocketException)
            {
                continue;
            }
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<Site>
{
    public const string Name = "site";
}
