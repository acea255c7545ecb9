using System.Globalization;
using System.Text;

namespace Volunteers.Api.Reports;

/// <summary>
/// A report's file name a person recognises in a downloads folder or a Zalo chat: the scope's name
/// without diacritics and the day of the figures in Vietnam, e.g. <c>bao-cao-phuong-ba-dinh-2026-12-04.xlsx</c>.
/// </summary>
public static class ReportFileName
{
    private const int MaxSlug = 60;

    public static string Of(CampaignReport report, ReportLanguage language, string extension)
    {
        var slug = Slug(report.Total.Name);
        var day = VietnamTime.Of(report.At).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return slug.Length == 0 ? $"{language.FilePrefix}-{day}.{extension}" : $"{language.FilePrefix}-{slug}-{day}.{extension}";
    }

    /// <summary>Lower-case ASCII letters and digits joined by hyphens; Vietnamese letters lose their marks, đ becomes d.</summary>
    public static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var text = slug.ToString().Trim('-');
        return text.Length <= MaxSlug ? text : text[..MaxSlug].TrimEnd('-');
    }
}
