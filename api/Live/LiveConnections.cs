using System.Collections.Concurrent;

namespace Volunteers.Api.Live;

/// <summary>
/// What the live hub keeps of each connection open on this node, by connection id.
/// <para>Not in the connection's <c>Items</c>: SignalR makes that a concurrent dictionary of its own on first use, with
/// its bucket and lock arrays, which for two entries cost a dashboard ~600 bytes for as long as it stays open.</para>
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, Dashboard> _open = new(StringComparer.Ordinal);

    public void Open(string connectionId, IDisposable watch) => _open[connectionId] = new Dashboard(watch);

    /// <summary>SignalR runs a connection's invocations between its connect and its disconnect, so it is open here.</summary>
    public Dashboard Of(string connectionId) => _open[connectionId];

    public Dashboard Close(string connectionId) => _open.TryRemove(connectionId, out var dashboard)
        ? dashboard
        : throw new InvalidOperationException($"Connection {connectionId} was not open.");

    /// <summary>One connection: the watch that ends it with its session, and the scopes it follows.</summary>
    public sealed class Dashboard(IDisposable watch)
    {
        public IDisposable Watch => watch;

        /// <summary>SignalR runs one invocation of a connection at a time, so this set needs no lock.</summary>
        public HashSet<string> Followed { get; } = new(StringComparer.Ordinal);
    }
}
