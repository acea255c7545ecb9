using System.Diagnostics.Metrics;
using Volunteers.Telemetry;

namespace Volunteers.Api.Live;

/// <summary>
/// The api node's part of the platform's meter, exported with it: after the roll-up tree (<c>volunteers.rollup.lag</c>),
/// how long a change waits at the node for its scope's pace, and how long SignalR takes to hand the push to every
/// connection of the scope. Read with <c>dotnet-counters monitor --counters Volunteers</c> or over OTLP.
/// </summary>
internal static class LiveMetrics
{
    private static readonly Meter _meter = new(VolunteersMetrics.MeterName);

    private static readonly Histogram<double> _paced = _meter.CreateHistogram<double>(
        "volunteers.live.paced", "s", "From the first change a push carries reaching the api node to the push's start.");

    private static readonly Histogram<double> _handedOut = _meter.CreateHistogram<double>(
        "volunteers.live.handed_out", "s", "From a push's start until every connection of its scope on the node has taken its bytes.");

    private static readonly Counter<long> _messages = _meter.CreateCounter<long>(
        "volunteers.live.messages", "{message}", "Updates pushed: each push counts the scope's followers on the node.");

    public static void Paced(TimeSpan waited) => _paced.Record(waited.TotalSeconds);

    public static void Pushed(TimeSpan took, int followers)
    {
        _handedOut.Record(took.TotalSeconds);
        _messages.Add(followers);
    }
}
