using System.Globalization;
using System.Security;
using System.Text;
using Volunteers.Campaigns;

namespace Volunteers.Api.Reports;

/// <summary>
/// The campaign's progress per unit as a bar chart in SVG, written by hand: one bar per line of the
/// report against its targets (or its helps where it has none), from the same figures as the report.
/// </summary>
public static class ProgressChart
{
    public const string ContentType = "image/svg+xml; charset=utf-8";

    private const int Width = 760, LabelWidth = 240, BarHeight = 22, Gap = 10, Top = 70, ValueWidth = 150, FootLine = 22;

    public static string Render(CampaignReport report, ReportLanguage language)
    {
        var vi = language.Code == "vi";
        var lines = report.Lines.IsEmpty ? [report.Total] : report.Lines;
        var bottom = Top + lines.Length * (BarHeight + Gap);
        var height = bottom + 30 + 2 * FootLine;
        var barSpace = Width - LabelWidth - ValueWidth - 20;
        var mostHelps = Math.Max(1, lines.Max(l => l.Counts.Tally.Helps));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="13">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{height}" fill="#fff"/>""");
        svg.Append(CultureInfo.InvariantCulture,
            $"""<text x="10" y="24" font-size="17" font-weight="bold">{Escape((vi ? "Tiến độ chiến dịch: " : "Campaign progress: ") + report.Total.Name)}</text>""");
        svg.Append(CultureInfo.InvariantCulture,
            $"""<text x="10" y="46" fill="#555">{Escape($"{language.At} {language.Moment(report.At)} · {(vi ? "so với chỉ tiêu" : "against targets")}")}</text>""");
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var overall = line.Counts.Overall;
            var y = Top + i * (BarHeight + Gap);
            // Against a target the bar is the share reached (full at 100%); without one it is helps against the busiest line.
            var share = overall.Target > 0 ? Math.Min(1, overall.Done / (double)overall.Target) : line.Counts.Tally.Helps / (double)mostHelps;
            var colour = overall.Target == 0 ? "#8a9bb0" : share >= 1 ? "#2e7d32" : share >= 0.5 ? "#f9a825" : "#c62828";
            var value = overall.Target > 0
                ? $"{overall.Percent?.ToString("0.#", CultureInfo.InvariantCulture)}% ({overall.Done}/{overall.Target})"
                : $"{line.Counts.Tally.Helps} {(vi ? "lượt" : "helps")}";
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{LabelWidth - 8}" y="{y + 16}" text-anchor="end">{Escape(Shorten(line.Name))}</text>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{LabelWidth}" y="{y}" width="{barSpace}" height="{BarHeight}" fill="#eee"/>""");
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect x="{LabelWidth}" y="{y}" width="{(share * barSpace).ToString("0.#", CultureInfo.InvariantCulture)}" height="{BarHeight}" fill="{colour}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{LabelWidth + barSpace + 8}" y="{y + 16}">{Escape(value)}</text>""");
        }
        // Under the bars, what the day left to do and what it filed, as the report's last columns count them.
        var tally = report.Total.Counts.Tally;
        var followUps = $"{language.Outcomes[Outcome.FollowUp]}: {tally.ByOutcome.GetValueOrDefault(Codes<Outcome>.Of(Outcome.FollowUp))}";
        var procedures = string.Join(" · ", Enum.GetValues<Procedure>()
            .Select(p => (Name: language.Procedures[p], Count: tally.ByProcedure.GetValueOrDefault(Codes<Procedure>.Of(p))))
            .Where(p => p.Count > 0)
            .Select(p => $"{p.Name} {p.Count}"));
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="{bottom + FootLine}" fill="#333">{Escape(followUps)}</text>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="{bottom + 2 * FootLine}" fill="#333" font-size="11">{Escape(procedures)}</text>""");
        return svg.Append("</svg>").ToString();
    }

    private static string Shorten(string name) => name.Length <= 32 ? name : name[..31] + "…";

    private static string Escape(string text) => SecurityElement.Escape(text);
}
