using Microsoft.Extensions.Logging;

namespace Volunteers.Hosting;

/// <summary>
/// An api started before any silo, or during a full restart, waits for the cluster rather than exiting, and says what
/// it waits on: at the first failed attempt, then once a minute. Before, it waited without a word, so an operator whose
/// database or silos were out of reach saw an api that never served and no reason.
/// </summary>
internal sealed partial class ClusterWait(ILogger<ClusterWait> logger, TimeProvider time) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SayEvery = TimeSpan.FromMinutes(1);

    private int _attempts;
    private DateTimeOffset? _said;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        _attempts++;
        var now = time.GetUtcNow();
        if (_said is not { } said || now - said >= SayEvery)
        {
            _said = now;
            LogWaiting(logger, _attempts, exception.Message);
        }
        await Task.Delay(RetryAfter, time, cancellationToken);
        return true;
    }

    [LoggerMessage(LogLevel.Warning, "Waiting for the cluster, attempt {Attempts}, retrying each second: {Reason}")]
    private static partial void LogWaiting(ILogger logger, int attempts, string reason);
}
