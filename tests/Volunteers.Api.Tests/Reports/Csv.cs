namespace Volunteers.Tests.Reports;

/// <summary>Reads the report CSV back: the heading block, then the table from its column headings on.</summary>
public sealed record Csv(IReadOnlyList<string[]> Rows)
{
    public static Csv Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString().TrimEnd('\r')); field.Clear(); rows.Add([.. row]); row.Clear(); }
            else { field.Append(c); }
        }
        return new Csv(rows);
    }

    /// <summary>The table: the row whose first cell is <paramref name="firstHeading"/> and the rows under it, total last.</summary>
    public (string[] Header, List<string[]> Lines, string[] Total) Table(string firstHeading)
    {
        var at = Rows.ToList().FindIndex(r => r[0] == firstHeading);
        Assert.True(at >= 0, $"No heading row starting with '{firstHeading}'.");
        var body = Rows.Skip(at + 1).ToList();
        return (Rows[at], body[..^1], body[^1]);
    }

    public string Heading(string label) => Rows.First(r => r[0] == label)[1];
}
