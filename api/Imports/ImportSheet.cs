using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace Volunteers.Api.Imports;

public enum SheetFormat
{
    Csv,
    Xlsx,
}

/// <summary>A data row of an imported file, with its spreadsheet line number (the heading is line 1).</summary>
public sealed record ImportRow(int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string? this[string column] => Cells.GetValueOrDefault(column);
}

/// <summary>Reads a CSV or XLSX file whose first row names the columns, in any order and case.</summary>
public static class ImportSheet
{
    public const int MaxRows = 50_000;

    public static IReadOnlyList<ImportRow> Read(Stream file, SheetFormat format, IReadOnlyCollection<string> required)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            rows = [.. file.Query(useHeaderRow: true, excelType: format == SheetFormat.Csv ? ExcelType.CSV : ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Take(MaxRows + 1)];
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or FormatException or InvalidOperationException or System.Xml.XmlException)
        {
            throw DomainException.Invalid("file", $"file: the file cannot be read as {format.ToString().ToUpperInvariant()} ({exception.Message}).");
        }
        if (rows.Count == 0)
        {
            throw DomainException.Invalid("file", $"file: there is no row under the heading; it needs the columns {string.Join(", ", required)}.");
        }
        if (rows.Count > MaxRows)
        {
            throw DomainException.Invalid("file", $"file: at most {MaxRows} rows per import; send the rest in another file.");
        }
        var result = new List<ImportRow>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i]
                .Where(c => !string.IsNullOrWhiteSpace(c.Key))
                .GroupBy(c => Column(c.Key), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => Text(g.First().Value), StringComparer.Ordinal);
            if (i == 0)
            {
                var missing = required.Where(c => !cells.ContainsKey(c)).ToList();
                if (missing.Count > 0)
                {
                    throw DomainException.Invalid("file", $"file: the heading row lacks the column(s) {string.Join(", ", missing)}; it needs {string.Join(", ", required)}.");
                }
            }
            if (cells.Values.Any(v => v.Length > 0))
            {
                result.Add(new ImportRow(i + 2, cells));
            }
        }
        return result;
    }

    public static IReadOnlyList<ImportRow> ReadCsvText(string? csv, IReadOnlyCollection<string> required)
    {
        if (string.IsNullOrWhiteSpace(csv))
        {
            throw DomainException.Invalid("csv", "csv must hold a heading row and at least one row.");
        }
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        return Read(stream, SheetFormat.Csv, required);
    }

    /// <summary>"Parent code", "parent_code" and "PARENT-CODE" name the same column.</summary>
    private static string Column(string heading) =>
        string.Join('_', heading.Trim().TrimStart('\uFEFF').ToLowerInvariant().Split([' ', '-', '_'], StringSplitOptions.RemoveEmptyEntries));

    private static string Text(object? value) => value switch
    {
        null => "",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture).Trim(),
        _ => value.ToString()?.Trim() ?? "",
    };
}
