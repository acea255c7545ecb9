using System.Collections.Concurrent;
using System.Collections.Immutable;
using Volunteers.Api.Access;

namespace Volunteers.Api.Imports;

public enum ImportMode
{
    /// <summary>
    /// Nothing is imported when any row of the file is bad. A refusal that comes from another change made
    /// while the import writes (a roster filled meanwhile) refuses its rows only, after others are written.
    /// </summary>
    AllOrNothing,

    /// <summary>The good rows are imported and the bad ones reported.</summary>
    GoodRows,
}

/// <summary>A row that was not imported: the spreadsheet line (the heading is line 1), the column at fault and why.</summary>
public sealed record ImportError(int Line, string Field, string Code, string Message)
{
    public static ImportError Of(int line, DomainException refusal) => new(line, refusal.Field, refusal.Code, refusal.Message);
}

/// <summary>What an import has done so far; a snapshot, so a reader never sees it change under them.</summary>
public sealed record ImportStatus(
    string Id, string Kind, ImportMode Mode, int Total, int Processed, int Created, int Matched,
    ImmutableArray<ImportError> Errors, bool Done, string? Failure, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt)
{
    public double? Seconds => FinishedAt is { } finished ? Math.Round((finished - StartedAt).TotalSeconds, 3) : null;
}

/// <summary>Who started an import: their subject, and the unit or team their account acts for, so staff above it may follow it too.</summary>
public sealed record ImportOwner(string? Subject, Target Scope);

/// <summary>
/// Whether the caller may import under a unit (units: the parent; null for a root) or into a team (rosters).
/// Asked per row, so a file that strays outside the caller's units refuses those rows only.
/// </summary>
public delegate Task<bool> ImportScope(string? id);

/// <summary>An import's work: the job to report to, the file's rows, and where the caller may import.</summary>
public delegate Task ImportRun(ImportJob job, IReadOnlyList<ImportRow> rows, ImportScope scope);

/// <summary>One import in flight. Rows finish on several threads, so the counters are atomic.</summary>
public sealed class ImportJob(string id, string kind, ImportMode mode, DateTimeOffset startedAt, ImportOwner owner)
{
    private readonly ConcurrentQueue<ImportError> _errors = new();
    private readonly ConcurrentQueue<int> _createdLines = new();
    private int _total, _processed, _created, _matched;
    private Ending? _ending;

    /// <summary>How an import ended, published in one reference so that a reader on another thread sees both or neither.</summary>
    private sealed record Ending(DateTimeOffset At, string? Failure);

    public string Id => id;

    public ImportOwner Owner => owner;

    public ImportMode Mode => mode;

    public bool HasErrors => !_errors.IsEmpty;

    public int Total
    {
        set => Volatile.Write(ref _total, value);
    }

    public void Refused(ImportError error)
    {
        _errors.Enqueue(error);
        Interlocked.Increment(ref _processed);
    }

    public void Created(int line)
    {
        _createdLines.Enqueue(line);
        Count(ref _created);
    }

    public void Matched() => Count(ref _matched);

    /// <summary>
    /// The import stopped on an error that is not the file's: the caller learns which rows exist now, in
    /// either mode, and that the same file sent again completes the import.
    /// </summary>
    public void Stopped(DateTimeOffset at)
    {
        var created = CreatedLines();
        var failure = (created.Length == 0
                ? "The import stopped on an internal error before creating any row; it was logged."
                : $"The import stopped on an internal error after creating the rows on lines {created}; it was logged.")
            + " Send the same file again to complete it: rows already imported are matched, not doubled.";
        Volatile.Write(ref _ending, new Ending(at, failure));
    }

    /// <summary>Runs of consecutive lines, as "2-41, 43".</summary>
    private string CreatedLines()
    {
        var runs = new List<(int From, int To)>();
        foreach (var line in _createdLines.Order())
        {
            if (runs.Count > 0 && runs[^1].To + 1 == line)
            {
                runs[^1] = (runs[^1].From, line);
            }
            else
            {
                runs.Add((line, line));
            }
        }
        return string.Join(", ", runs.Select(r => r.From == r.To ? $"{r.From}" : $"{r.From}-{r.To}"));
    }

    /// <summary>All-or-nothing refused the file: every row is settled, none imported.</summary>
    public void SettleAll() => Volatile.Write(ref _processed, Volatile.Read(ref _total));

    public void Finish(DateTimeOffset at) => Volatile.Write(ref _ending, new Ending(at, null));

    public ImportStatus Status()
    {
        var ending = Volatile.Read(ref _ending);
        return new ImportStatus(id, kind, mode, Volatile.Read(ref _total), Volatile.Read(ref _processed), Volatile.Read(ref _created),
            Volatile.Read(ref _matched), [.. _errors.OrderBy(e => e.Line)], ending is not null, ending?.Failure, startedAt, ending?.At);
    }

    private void Count(ref int counter)
    {
        Interlocked.Increment(ref counter);
        Interlocked.Increment(ref _processed);
    }
}
