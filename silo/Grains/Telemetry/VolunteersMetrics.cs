using System.Diagnostics.Metrics;

namespace Volunteers.Telemetry;

/// <summary>
/// The platform's own meter, exported beside Orleans' and ASP.NET Core's: what operators watch
/// on a campaign day is how many helps arrive, how many are resends, and how stale the
/// dashboards are.
/// </summary>
public static class VolunteersMetrics
{
    public const string MeterName = "Volunteers";

    private static readonly Meter _meter = new(MeterName);

    private static readonly Counter<long> _ingested = _meter.CreateCounter<long>(
        "volunteers.records.ingested", "{record}", "Help records stored for the first time.");

    private static readonly Counter<long> _duplicates = _meter.CreateCounter<long>(
        "volunteers.records.duplicates", "{record}", "Resent help records recognised by their record id and not counted again.");

    private static readonly Histogram<int> _batchSize = _meter.CreateHistogram<int>(
        "volunteers.sync.batch_size", "{record}", "Help records per log call; large batches are phones syncing after being offline.");

    private static readonly Histogram<double> _rollUpLag = _meter.CreateHistogram<double>(
        "volunteers.rollup.lag", "s", "Time from a change at one roll-up level until its report to the level above, or its notice to watchers, is sent; a volunteer's day waits for its team's answer.");

    private static readonly Histogram<int> _appendsPerCommit = _meter.CreateHistogram<int>(
        "volunteers.records.appends_per_commit", "{append}", "Log calls whose records one transaction stored: above 1, concurrent logs shared an fsync.");

    public static void Committed(int appends) => _appendsPerCommit.Record(appends);

    public static void Logged(int batchSize, int inserted, int duplicates)
    {
        _batchSize.Record(batchSize);
        _ingested.Add(inserted);
        _duplicates.Add(duplicates);
    }

    public static void RolledUp(TimeSpan lag) => _rollUpLag.Record(lag.TotalSeconds);
}
