namespace Volunteers.Tests;

/// <summary>Roll-ups are coalesced, so what a level shows catches up within moments of a change.</summary>
public static class Eventually
{
    public static async Task Holds(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(50);
        }
    }
}
