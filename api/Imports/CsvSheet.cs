using System.Text;

namespace Volunteers.Api.Imports;

/// <summary>
/// Reads CSV as RFC 4180 writes it (commas, double quotes doubled inside quoted cells, CRLF or LF), and says
/// where a broken file breaks: the line and column of an unbalanced quote, of a cell beyond the heading, or
/// of bytes that are not UTF-8. Excel and LibreOffice write exactly this; a file they would not write is
/// refused as a whole rather than guessed at.
/// </summary>
internal static class CsvSheet
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The heading's cells, then each record with the line it starts on; cells a short record leaves out are empty.</summary>
    public static (IReadOnlyList<string> Heading, IReadOnlyList<(int Line, string[] Cells)> Records) Read(Stream file, int maxRecords)
    {
        var text = Decode(file);
        var records = new List<(int Line, string[] Cells)>();
        string[]? heading = null;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var column = 1;
        var recordLine = 1;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        while (i <= text.Length)
        {
            // One cell per pass: quoted or bare, up to the comma or end of line that follows it.
            cell.Clear();
            if (i < text.Length && text[i] == '"')
            {
                var (openLine, openColumn) = (line, column);
                i++;
                column++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Refused(openLine, openColumn, "a quoted cell opens here and is never closed; a \" inside a cell is written twice (\"\")");
                    }
                    var c = text[i++];
                    column++;
                    if (c == '"')
                    {
                        if (i < text.Length && text[i] == '"')
                        {
                            cell.Append('"');
                            i++;
                            column++;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                    {
                        line++;
                        column = 1;
                    }
                    cell.Append(c);
                }
                if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    throw Refused(line, column, "text follows the closing quote of a quoted cell; quote the whole cell and double any \" inside it");
                }
            }
            else
            {
                while (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                {
                    if (text[i] == '"')
                    {
                        throw Refused(line, column, "a \" inside an unquoted cell; put the cell in quotes and double the \" (\"\")");
                    }
                    cell.Append(text[i++]);
                    column++;
                }
            }
            cells.Add(cell.ToString());

            if (i < text.Length && text[i] == ',')
            {
                i++;
                column++;
                continue;
            }
            // The end of a record: a line break or the end of the file.
            if (i < text.Length && text[i] == '\r')
            {
                i++;
            }
            if (i < text.Length && text[i] == '\n')
            {
                i++;
            }
            var blank = cells.Count == 1 && cells[0].Length == 0;
            if (heading is null)
            {
                if (!blank)
                {
                    heading = [.. cells];
                }
            }
            else if (!blank)
            {
                var extra = cells.Count > heading.Length ? cells.FindIndex(heading.Length, c => c.Trim().Length > 0) : -1;
                if (extra >= 0)
                {
                    throw Refused(recordLine, extra + 1, $"the row has a cell beyond the heading's {heading.Length} columns");
                }
                records.Add((recordLine, [.. Enumerable.Range(0, heading.Length).Select(k => k < cells.Count ? cells[k] : "")]));
                if (records.Count > maxRecords)
                {
                    break;
                }
            }
            cells.Clear();
            line++;
            column = 1;
            recordLine = line;
            if (i >= text.Length)
            {
                break;
            }
        }
        return (heading ?? [], records);
    }

    private static string Decode(Stream file)
    {
        using var buffer = new MemoryStream();
        file.CopyTo(buffer);
        try
        {
            return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException invalid)
        {
            var bytes = buffer.GetBuffer().AsSpan(0, Math.Max(0, invalid.Index));
            var at = bytes.LastIndexOf((byte)'\n');
            var line = bytes.Count((byte)'\n') + 1;
            throw DomainException.Invalid("file",
                $"file: line {line}, byte {bytes.Length - at}: the file is not UTF-8 text; save it as \"CSV UTF-8\".");
        }
    }

    private static DomainException Refused(int line, int column, string reason) =>
        DomainException.Invalid("file", $"file: line {line}, column {column}: {reason}.");
}
