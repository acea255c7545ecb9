namespace Volunteers.Api.Hosting;

/// <summary>
/// The web app's files, as the build left them in wwwroot: served from the static web assets manifest, with the
/// brotli and gzip copies the SDK compresses at build and an ETag per file.
/// </summary>
public static class WebAssets
{
    private const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>
    /// Reads the build's static web assets manifest in every environment, not only Development: the compressed copies
    /// live beside the build, not in wwwroot, and the api runs from its build output (`dotnet run`, the tests, the
    /// browser tests in Production). A published app has no such manifest and serves its own wwwroot.
    /// </summary>
    public static WebApplicationBuilder AddWebAssets(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        // With a build manifest ASP.NET Core assumes wwwroot may change under it and, for any file whose time it
        // reads as changed, sends the plain file in an uncompressed gzip wrapper. Here wwwroot changes only by a
        // build, which writes a new manifest, so the build's brotli and gzip copies are always the ones to send.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        return builder;
    }

    /// <summary>Before routing, so that <c>/</c> is matched as <c>/index.html</c>.</summary>
    public static WebApplication UseWebAssets(this WebApplication app)
    {
        app.UseDefaultFiles();
        app.UseRouting();
        // Vite names each script and style under /assets/ after its content, so a name never changes meaning and
        // browsers need not ask again; the pages that name them stay revalidated (no-cache, ETag) so a deploy shows.
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/assets"))
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                    {
                        context.Response.Headers.CacheControl = Immutable;
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        return app;
    }
}
