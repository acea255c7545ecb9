using Volunteers.Accounts;

namespace Volunteers.Api.Accounts;

/// <summary>
/// Keeps this api node told of changed sessions (<see cref="SessionCheck.KeepTold"/>) from the host's start until it
/// stops: asked before its silo runs or while it stops, the question only fails, and Orleans logs that as an error.
/// </summary>
internal sealed class SessionNoticesRenewal(SessionCheck sessions, IHostApplicationLifetime lifetime, TimeProvider time) : BackgroundService
{
    /// <summary>How soon a node that could not ask asks again: answers are not cached until it has.</summary>
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(started.SetResult);
        try
        {
            await started.Task.WaitAsync(stopping.Token);
            while (true)
            {
                var asked = await sessions.KeepTold();
                await Task.Delay(asked ? SessionWatch.Renew : RetryAfter, time, stopping.Token);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: no further question.
        }
    }
}
