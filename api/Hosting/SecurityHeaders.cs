namespace Volunteers.Api.Hosting;

/// <summary>
/// The headers every answer carries, pages and API alike. The web app is built into files served from this
/// origin (no inline script or style, nothing from elsewhere), so the policy can allow the origin alone: an
/// injected script or a page framing ours finds nothing it may use.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>A year: long enough that browsers keep to TLS between visits.</summary>
    private const int HstsSeconds = 365 * 24 * 60 * 60;

    public static readonly HeaderPolicyCollection Policy = new HeaderPolicyCollection()
        .AddContentSecurityPolicy(csp =>
        {
            csp.AddDefaultSrc().Self();
            csp.AddScriptSrc().Self();
            csp.AddStyleSrc().Self();
            // The progress chart is fetched with the token and shown from a blob: URL.
            csp.AddImgSrc().Self().Blob();
            // GraphQL over HTTP and WebSocket, the hub, downloads: all on this origin ('self' covers ws: and wss: of it).
            csp.AddConnectSrc().Self();
            csp.AddWorkerSrc().Self();
            csp.AddManifestSrc().Self();
            csp.AddFontSrc().Self();
            csp.AddObjectSrc().None();
            csp.AddBaseUri().Self();
            csp.AddFormAction().Self();
            csp.AddFrameAncestors().None();
        })
        .AddFrameOptionsDeny()
        .AddContentTypeOptionsNoSniff()
        // Invite links carry a team's code in their query string: other sites learn the origin at most.
        .AddReferrerPolicyStrictOriginWhenCrossOrigin()
        .AddCrossOriginOpenerPolicy(policy => policy.SameOrigin())
        // Sent only on requests that came over TLS and not to localhost (the library decides): plain HTTP would ignore it,
        // and a local run keeps working. Behind a proxy that ends TLS, ASPNETCORE_FORWARDEDHEADERS_ENABLED=true tells it so.
        .AddStrictTransportSecurityMaxAge(HstsSeconds)
        .RemoveServerHeader();

    /// <summary>First in the pipeline, so static pages, GraphQL, files and refusals all carry the headers.</summary>
    public static WebApplication UseVolunteersSecurityHeaders(this WebApplication app)
    {
        app.UseSecurityHeaders(Policy);
        return app;
    }
}
