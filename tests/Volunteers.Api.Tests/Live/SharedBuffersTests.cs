using Volunteers.Api.Hosting;

namespace Volunteers.Tests.Live;

/// <summary>
/// The shared array pool reads its size from the environment once, at its first use: the api sets it as its
/// assembly loads, and an operator's own value stands.
/// </summary>
public sealed class SharedBuffersTests
{
    private const string ArraysPerCore = "DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION";

    [Fact]
    public void The_api_sizes_the_pool_as_it_loads_and_keeps_an_operators_size()
    {
        // Loading the api's assembly ran its module initializer (this test names a type of it).
        var set = Environment.GetEnvironmentVariable(ArraysPerCore);
        Assert.False(string.IsNullOrEmpty(set));
        try
        {
            Environment.SetEnvironmentVariable(ArraysPerCore, "100");
            SharedBuffers.SizeForPushes();
            Assert.Equal("100", Environment.GetEnvironmentVariable(ArraysPerCore));
            Environment.SetEnvironmentVariable(ArraysPerCore, null);
            SharedBuffers.SizeForPushes();
            Assert.Equal("8192", Environment.GetEnvironmentVariable(ArraysPerCore));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ArraysPerCore, set);
        }
    }
}
