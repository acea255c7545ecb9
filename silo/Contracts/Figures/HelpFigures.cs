using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace Volunteers.Figures;

/// <summary>
/// What a set of live help records counts: the figures a period adds up and a closing freezes. Keys are
/// the stored codes (service, procedure, channel, outcome); a record without a procedure adds to no procedure.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record HelpFigures(
    [property: Id(0)] int Helps,
    [property: Id(1)] long Minutes,
    [property: Id(2)] ImmutableSortedDictionary<string, int> ByService,
    [property: Id(3)] ImmutableSortedDictionary<string, int> ByProcedure,
    [property: Id(4)] ImmutableSortedDictionary<string, int> ByChannel,
    [property: Id(5)] ImmutableSortedDictionary<string, int> ByOutcome)
{
    public static readonly HelpFigures Empty = new Adder().ToFigures();

    public static HelpFigures Sum(IEnumerable<HelpFigures> parts)
    {
        var sum = new Adder();
        foreach (var part in parts)
        {
            sum.Add(part);
        }
        return sum.ToFigures();
    }

    /// <summary>Whether two sets of figures agree in every count.</summary>
    public bool SameAs(HelpFigures other) =>
        Helps == other.Helps && Minutes == other.Minutes && ByService.SequenceEqual(other.ByService) &&
        ByProcedure.SequenceEqual(other.ByProcedure) && ByChannel.SequenceEqual(other.ByChannel) && ByOutcome.SequenceEqual(other.ByOutcome);

    /// <summary>
    /// SHA-256 of the figures written out in one fixed order: a report cites it, and anyone holding the
    /// same figures computes the same value, so a copied figure that was changed shows.
    /// </summary>
    public string Checksum()
    {
        var text = new StringBuilder().Append(Helps).Append('|').Append(Minutes);
        foreach (var (name, counts) in new[] { ("service", ByService), ("procedure", ByProcedure), ("channel", ByChannel), ("outcome", ByOutcome) })
        {
            text.Append('|').Append(name);
            foreach (var (key, count) in counts)
            {
                text.Append(';').Append(key).Append('=').Append(count);
            }
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Adds counts up one group of records at a time.</summary>
    public sealed class Adder
    {
        private readonly SortedDictionary<string, int> _service = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _procedure = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _channel = new(StringComparer.Ordinal);
        private readonly SortedDictionary<string, int> _outcome = new(StringComparer.Ordinal);
        private int _helps;
        private long _minutes;

        public void Add(string service, string? procedure, string channel, string outcome, int count, long minutes)
        {
            _helps += count;
            _minutes += minutes;
            Bump(_service, service, count);
            if (procedure is not null)
            {
                Bump(_procedure, procedure, count);
            }
            Bump(_channel, channel, count);
            Bump(_outcome, outcome, count);
        }

        public void Add(HelpFigures figures)
        {
            _helps += figures.Helps;
            _minutes += figures.Minutes;
            AddAll(_service, figures.ByService);
            AddAll(_procedure, figures.ByProcedure);
            AddAll(_channel, figures.ByChannel);
            AddAll(_outcome, figures.ByOutcome);
        }

        public HelpFigures ToFigures() => new(_helps, _minutes, Sorted(_service), Sorted(_procedure), Sorted(_channel), Sorted(_outcome));

        private static void AddAll(SortedDictionary<string, int> into, ImmutableSortedDictionary<string, int> from)
        {
            foreach (var (key, count) in from)
            {
                Bump(into, key, count);
            }
        }

        private static void Bump(SortedDictionary<string, int> into, string key, int count) => into[key] = into.GetValueOrDefault(key) + count;

        private static ImmutableSortedDictionary<string, int> Sorted(SortedDictionary<string, int> counts) =>
            counts.ToImmutableSortedDictionary(StringComparer.Ordinal);
    }
}
