using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace Volunteers.Tests.Browser;

/// <summary>
/// The site as a phone sees it: the built api (with the built web app) in a process of its own on
/// a free port, an empty SQLite file and the district of <see cref="District"/>, and one headless
/// Debian Chromium. Started once for all browser tests, which share it in one collection.
/// </summary>
public sealed class Site : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("volunteers-browser-").FullName;
    private readonly StringBuilder _apiOutput = new();
    private Process? _api;
    private IPlaywright? _playwright;

    public string BaseUrl { get; } = $"http://127.0.0.1:{FreePort()}";
    public IBrowser Browser { get; private set; } = null!;
    public GraphQLClient Api { get; private set; } = null!;
    public District District { get; private set; } = null!;

    public static string Artefacts => Metadata("Artefacts");

    public async Task InitializeAsync()
    {
        var apiAssembly = Metadata("ApiAssembly");
        Assert.True(File.Exists(apiAssembly), $"Build the api first: {apiAssembly} is missing.");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Volunteers"] = $"Data Source={Path.Combine(_folder, "volunteers.db")}",
                ["Orleans__SiloPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
                ["Demo__Seed"] = "false",
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                // The pages send no token yet; remove this once the web app signs in (the only place it is off).
                ["Auth__Enabled"] = "false",
            },
        };
        foreach (var arg in new[] { apiAssembly, "--urls", BaseUrl, "--webroot", Metadata("WebRoot") })
        {
            start.ArgumentList.Add(arg);
        }
        _api = Process.Start(start)!;
        _api.OutputDataReceived += (_, e) => Keep(e.Data);
        _api.ErrorDataReceived += (_, e) => Keep(e.Data);
        _api.BeginOutputReadLine();
        _api.BeginErrorReadLine();

        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await WaitUntilReady(http);
        Api = new GraphQLClient(http);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class SiteCollection : ICollectionFixture<Site>
{
    public const string Name = "site";
}
