namespace Volunteers.Hosting;

/// <summary>
/// The api's grain calls in flight when one of its gateway connections is lost fail at once with
/// <see cref="PlatformUnavailableException"/>, instead of waiting out the response timeout. Orleans fails a
/// silo's own calls to a silo declared dead, but nothing does that for a client: a request whose gateway, or
/// whose grain's silo, was killed has no answer coming, and the api waited 30 s for it. A lost connection is
/// the first sign of a killed silo (its sockets close with it, seconds before it is declared dead), so every
/// call in flight then is failed, not only those the dead silo held: the client cannot tell which those are,
/// and UNAVAILABLE is safe to resend (phones resend with the same record and tap ids). Calls made afterwards
/// are routed to the gateways left.
/// </summary>
internal sealed class InFlightCalls : IOutgoingGrainCallFilter, IDisposable
{
    private CancellationTokenSource _lost = new();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var lost = Volatile.Read(ref _lost).Token;
        try
        {
            await context.Invoke().WaitAsync(lost);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            throw new PlatformUnavailableException("A server of the platform stopped while this request was in flight; the same request may succeed shortly.");
        }
    }

    public void GatewayCountChanged(object? sender, GatewayCountChangedEventArgs change)
    {
        if (change.NumberOfConnectedGateways < change.PreviousNumberOfConnectedGateways)
        {
            // Not disposed: a call starting now may still be registering with it, and it holds no timer.
            Interlocked.Exchange(ref _lost, new CancellationTokenSource()).Cancel();
        }
    }

    public void Dispose() => _lost.Dispose();
}
