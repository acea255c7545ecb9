using Microsoft.Net.Http.Headers;
using Volunteers.Api.Access;
using Volunteers.Api.Hosting;
using Volunteers.Api.Reports;

namespace Volunteers.Api.Imports;

public static class ImportEndpoints
{
    public const long MaxFileBytes = 20 * 1024 * 1024;

    /// <summary>
    /// POST /import/units and /import/volunteers take the file as text/csv, as an XLSX body, or as a
    /// multipart/form-data upload (the web app's file input); ?mode=ALL_OR_NOTHING|GOOD_ROWS, and
    /// ?wait=true answers when the import is done instead of at once with 202 and the job to poll
    /// at GET /import/{id} (or GraphQL importStatus).
    /// </summary>
    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/import").AddEndpointFilter<DomainRefusalFilter>().RequireAuthorization(AuthHosting.SignedIn);
        imports.MapPost("/units", (HttpRequest request, ImportJobs jobs, UnitImport units) =>
            Post(request, jobs, UnitImport.Kind, UnitImport.Columns, units.Run)).AddEndpointFilter(AccessFilter.Of("kind", AccessRules.MayImport(UnitImport.Kind)));
        imports.MapPost("/volunteers", (HttpRequest request, ImportJobs jobs, VolunteerImport volunteers) =>
            Post(request, jobs, VolunteerImport.Kind, VolunteerImport.Columns, volunteers.Run)).AddEndpointFilter(AccessFilter.Of("kind", AccessRules.MayImport(VolunteerImport.Kind)));
        imports.MapGet("/{id}", (string id, ImportJobs jobs) => Results.Ok(jobs.Get(id)))
            .AddEndpointFilter(new AccessFilter(_ => "id", (access, http) =>
                AccessRules.MaySeeImport(access, http.RequestServices.GetRequiredService<ImportJobs>().Owner((string?)http.Request.RouteValues["id"]))));
        return app;
    }

    public static ImportMode ParseMode(string? mode) =>
        mode?.Trim().Replace('-', '_').ToUpperInvariant() switch
        {
            null or "" or "GOOD_ROWS" => ImportMode.GoodRows,
            "ALL_OR_NOTHING" => ImportMode.AllOrNothing,
            _ => throw DomainException.Invalid("mode", $"mode '{mode}' is not an import mode; use ALL_OR_NOTHING or GOOD_ROWS."),
        };

    private static async Task<IResult> Post(HttpRequest request, ImportJobs jobs, string kind, string[] columns, ImportRun run)
    {
        var mode = ParseMode(request.Query["mode"].FirstOrDefault());
        var (file, format) = await ReadFile(request);
        var rows = ImportSheet.Read(file, format, columns);
        var (job, running) = await jobs.Start(kind, mode, RequestAccess.For(request.HttpContext.User, request.HttpContext.RequestServices), rows, run);
        if (string.Equals(request.Query["wait"], "true", StringComparison.OrdinalIgnoreCase))
        {
            await running;
            return Results.Ok(job.Status());
        }
        return Results.Accepted($"/import/{job.Id}", job.Status());
    }

    private static async Task<(MemoryStream File, SheetFormat Format)> ReadFile(HttpRequest request)
    {
        if (request.ContentLength > MaxFileBytes)
        {
            throw TooLarge();
        }
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value?.ToLowerInvariant() : null;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            var upload = form.Files.Count > 0 ? form.Files[0] : throw DomainException.Invalid("file", "file: the form holds no file; send the CSV or XLSX as a file field.");
            var isXlsx = upload.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase) || upload.ContentType == ReportTable.XlsxType;
            await using var uploaded = upload.OpenReadStream();
            return (await Copy(uploaded, request.HttpContext.RequestAborted), isXlsx ? SheetFormat.Xlsx : SheetFormat.Csv);
        }
        var format = mediaType switch
        {
            "text/csv" or "text/plain" or "application/csv" => SheetFormat.Csv,
            ReportTable.XlsxType => SheetFormat.Xlsx,
            _ => throw DomainException.Invalid("content-type",
                $"content-type '{request.ContentType}' is not an import: send text/csv, {ReportTable.XlsxType} or multipart/form-data."),
        };
        return (await Copy(request.Body, request.HttpContext.RequestAborted), format);
    }

    /// <summary>The readers need a seekable stream, and the limit must hold for chunked bodies too.</summary>
    private static async Task<MemoryStream> Copy(Stream body, CancellationToken cancellationToken)
    {
        var file = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (file.Length + read > MaxFileBytes)
            {
                throw TooLarge();
            }
            file.Write(chunk, 0, read);
        }
        file.Position = 0;
        return file;
    }

    private static DomainException TooLarge() => DomainException.Invalid("file", $"file: an import file holds at most {MaxFileBytes / 1024 / 1024} MB.");
}
