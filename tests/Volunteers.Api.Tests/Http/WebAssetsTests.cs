using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Volunteers.Tests.Http;

/// <summary>
/// The web app as the api serves it from the build's static web assets: precompressed, cached for good where a name
/// carries its content's hash, with a favicon and a description per page, and a volunteer's first load small
/// enough for a phone on a weak network.
/// </summary>
public sealed partial class WebAssetsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] Pages = ["index", "campaigns", "dashboard", "ward", "team", "import", "volunteer", "explorer"];

    [Fact]
    public async Task Hashed_assets_are_sent_in_brotli_and_cached_as_immutable()
    {
        using var client = factory.CreateClient();
        var assets = await AssetsOf(client, "/volunteer.html");

        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            using var response = await Get(client, asset, "br");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
            Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalDays: >= 365 } cache
                && cache.Extensions.Any(e => e.Name == "immutable"), $"{asset}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task Gzip_is_sent_to_a_client_without_brotli_and_pages_are_revalidated()
    {
        using var client = factory.CreateClient();

        using var page = await Get(client, "/volunteer.html", "gzip");

        Assert.Equal(["gzip"], page.Content.Headers.ContentEncoding);
        Assert.True(page.Headers.CacheControl?.NoCache, $"Cache-Control {page.Headers.CacheControl}");
        Assert.NotNull(page.Headers.ETag);
    }

    [Fact]
    public async Task The_favicon_is_an_icon()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/favicon.ico");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([0, 0, 1, 0], bytes[..4]);
    }

    [Fact]
    public async Task Every_page_describes_itself_in_vietnamese()
    {
        using var client = factory.CreateClient();

        foreach (var page in Pages)
        {
            var html = await client.GetStringAsync($"/{page}.html");
            var description = Description().Match(html);
            Assert.True(description.Success, $"{page}.html has no meta description");
            Assert.Matches("[ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỷỹ]", description.Groups[1].Value);
        }
    }

    [Fact]
    public async Task The_volunteer_pages_first_load_is_at_most_40_KB_compressed()
    {
        using var client = factory.CreateClient();
        var total = 0L;

        foreach (var path in (string[])["/volunteer.html", .. await AssetsOf(client, "/volunteer.html")])
        {
            using var response = await Get(client, path, "br, gzip");
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.InRange(total, 1, 40 * 1024);
    }

    /// <summary>The scripts, module preloads and styles the page's HTML names: what a browser fetches before it draws.</summary>
    private static async Task<string[]> AssetsOf(HttpClient client, string page) =>
        [.. Asset().Matches(await client.GetStringAsync(page)).Select(m => m.Groups[1].Value).Distinct()];

    private static Task<HttpResponseMessage> Get(HttpClient client, string path, string encodings)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var encoding in encodings.Split(", "))
        {
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        }
        return client.SendAsync(request);
    }

    [GeneratedRegex("""(?:src|href)="(/assets/[^"]+-[A-Za-z0-9_-]{8}\.(?:js|css))""")]
    private static partial Regex Asset();

    [GeneratedRegex("<meta name=\"description\" content=\"([^\"]+)\"")]
    private static partial Regex Description();
}
