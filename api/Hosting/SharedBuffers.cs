using System.Runtime.CompilerServices;

namespace Volunteers.Api.Hosting;

/// <summary>
/// Sizes .NET's shared array pool for pushes to thousands of sockets, before anything rents from it.
/// <para>A push hands each connection of a scope the same bytes, and SignalR copies them into a 4 KB pipe segment of
/// that connection, rented from <c>ArrayPool&lt;byte&gt;.Shared</c> and returned once the socket has sent it. The pool
/// keeps 32 arrays a size per core: a push to 10,000 dashboards found it empty after the first 64 and allocated the
/// rest, ~4.3 KB of garbage a message, and the GC collected 40 MB a push. Measured at 10,000 dashboards
/// (bench/results.md, "Reading the figures"): 4,308 bytes allocated a message and GC pauses 37 % of the run by
/// default; 101 bytes and 1.3 % with this, the api's CPU a message 36.5 → 28.7 µs. The pool then holds what one push
/// has in flight (4 KB a follower of the largest scope on the node, while sending) instead of the GC collecting it.</para>
/// </summary>
internal static class SharedBuffers
{
    private const string ArraysPerCore = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    /// <summary>A push to 10,000 followers on two cores, with room; a value set in the environment stands.</summary>
    private const string Default = "8192";

    /// <summary>
    /// The pool reads its limit from the environment once, at first use: a module initializer runs before
    /// <c>Main</c> and so before the host rents its first buffer.
    /// </summary>
    [ModuleInitializer]
    internal static void SizeForPushes()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ArraysPerCore)))
        {
            Environment.SetEnvironmentVariable(ArraysPerCore, Default);
        }
    }
}
