using PdfSharp.Fonts;

namespace Volunteers.Api.Certificates;

/// <summary>
/// The one typeface certificates are set in, read from the machine: PDFsharp's core build brings no
/// fonts, and Vietnamese needs a face with its stacked diacritics. DejaVu Sans (Debian's
/// fonts-dejavu-core) has them; <c>Certificates:FontFolder</c> points elsewhere.
/// </summary>
public sealed class CertificateFonts : IFontResolver
{
    public const string Family = "Certificate";
    private const string Regular = "DejaVuSans.ttf";
    private const string Bold = "DejaVuSans-Bold.ttf";

    private static readonly string[] DebianFolders = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu"];

    private readonly string? _folder;

    public CertificateFonts(IConfiguration configuration)
    {
        var configured = configuration["Certificates:FontFolder"];
        _folder = (configured is { Length: > 0 } ? [configured] : DebianFolders)
            .FirstOrDefault(f => File.Exists(Path.Combine(f, Regular)) && File.Exists(Path.Combine(f, Bold)));
    }

    public const string Missing = "No font for Vietnamese text was found on the server: install Debian's fonts-dejavu-core or set Certificates:FontFolder.";

    public bool IsInstalled => _folder is not null;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        familyName == Family ? new FontResolverInfo(bold ? Bold : Regular) : null;

    public byte[]? GetFont(string faceName) => _folder is null ? null : File.ReadAllBytes(Path.Combine(_folder, faceName));
}
