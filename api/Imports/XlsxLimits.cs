using System.IO.Compression;
using System.Xml;

namespace Volunteers.Api.Imports;

/// <summary>
/// An XLSX is a zip of XML: a few kilobytes can unpack to gigabytes, and one cell can hold millions of
/// characters. Before the workbook is read, its parts are streamed once through these bounds, holding no more
/// than a buffer, so a hostile file is refused for the price of reading it, never of keeping it.
/// </summary>
internal static class XlsxLimits
{
    /// <summary>50,000 rows of a roster or unit list unpack to well under this.</summary>
    public const long MaxUnpackedBytes = 64L * 1024 * 1024;

    /// <summary>A name, phone or code is short; a cell this long is no roster's.</summary>
    public const int MaxCellChars = 1_000;

    public static void Check(Stream file)
    {
        try
        {
            using (var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true))
            {
                long unpacked = 0;
                foreach (var entry in zip.Entries)
                {
                    // The sizes in the directory are the sender's claim; the bound is kept on what actually unpacks.
                    using var part = new BoundedStream(entry.Open(), MaxUnpackedBytes - unpacked);
                    if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                    {
                        CheckCells(part, entry.FullName);
                    }
                    else
                    {
                        part.CopyTo(Stream.Null);
                    }
                    unpacked += part.Unpacked;
                }
            }
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or XmlException or NotSupportedException)
        {
            throw DomainException.Invalid("file", $"file: the file cannot be read as XLSX ({exception.Message}).");
        }
        finally
        {
            file.Position = 0;
        }
    }

    private static void CheckCells(Stream part, string name)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        using var xml = XmlReader.Create(part, settings);
        var chunk = new char[4096];
        while (xml.Read())
        {
            if (xml.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace))
            {
                continue;
            }
            var length = 0;
            int read;
            // Read in chunks so the text is counted without being held.
            while ((read = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
            {
                length += read;
                if (length > MaxCellChars)
                {
                    throw DomainException.Invalid("file", $"file: a cell of {name} holds more than {MaxCellChars} characters.");
                }
            }
        }
    }

    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        public long Unpacked { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Unpacked; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            Unpacked += read;
            if (Unpacked > limit)
            {
                throw DomainException.Invalid("file", $"file: the workbook unpacks to more than {MaxUnpackedBytes / 1024 / 1024} MB.");
            }
            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
