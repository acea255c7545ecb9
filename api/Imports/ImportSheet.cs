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
        var rows = format == SheetFormat.Csv ? ReadCsv(file) : ReadXlsx(file);
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
            var cells = rows[i].Cells
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
                result.Add(new ImportRow(rows[i].Line, cells));
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

    private static List<(int Line, IEnumerable<KeyValuePair<string, object?>> Cells)> ReadCsv(Stream file)
    {
        var (heading, records) = CsvSheet.Read(file, MaxRows);
        return [.. records.Select(r => (r.Line, heading.Select((column, k) => new KeyValuePair<string, object?>(column, r.Cells[k]))))];
    }

    private static List<(int Line, IEnumerable<KeyValuePair<string, object?>> Cells)> ReadXlsx(Stream file)
    {
        XlsxLimits.Check(file);
        try
        {
            return [.. file.Query(useHeaderRow: true, excelType: ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Take(MaxRows + 1)
                .Select((cells, i) => (i + 2, (IEnumerable<KeyValuePair<string, object?>>)cells))];
        }
        catch (Exception exception) when (exception is not DomainException and not OperationCanceledException and not OutOfMemoryException)
        {
            // MiniExcel throws its own exception types as well as the framework's for a broken workbook; none
            // of them is the caller's fault to see as a 500.
            throw DomainException.Invalid("file", $"file: the file cannot be read as XLSX ({exception.Message}).");
        }
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
