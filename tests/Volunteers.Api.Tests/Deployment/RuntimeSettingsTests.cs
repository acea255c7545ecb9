using System.Reflection;
using System.Text.Json.Nodes;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Deployment;

/// <summary>
/// The .NET runtime reads these from each host's runtimeconfig.json at start, so they are checked where it reads them:
/// in the files the build wrote for the api and for the silo.
/// </summary>
public sealed class RuntimeSettingsTests
{
    public static TheoryData<string> Hosts => ["api", "silo"];

    [Theory]
    [MemberData(nameof(Hosts))]
    public void A_host_of_grains_lets_an_idle_thread_pool_worker_sleep_without_spinning(string host)
    {
        var settings = ConfigProperties(host);

        Assert.Equal(0, settings["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
    }

    [Fact]
    public void The_embedded_api_collects_with_server_gc_and_a_dynamic_heap_count()
    {
        var settings = ConfigProperties("api");

        Assert.True(settings["System.GC.Server"]?.GetValue<bool>());
        Assert.Equal(1, settings["System.GC.DynamicAdaptationMode"]?.GetValue<int>());
    }

    private static JsonObject ConfigProperties(string host)
    {
        var path = host == "api"
            ? Path.Combine(AppContext.BaseDirectory, "Volunteers.Api.runtimeconfig.json")
            : Path.Combine(SchemaTests.RepositoryRoot(), "silo", "Host", "bin", BuildConfiguration(), "net10.0", "Volunteers.Silo.runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing; build the solution before its tests.");
        return JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!.AsObject();
    }

    /// <summary>The solution builds every project in one configuration, the one these tests were built in.</summary>
    private static string BuildConfiguration() =>
        typeof(RuntimeSettingsTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
}
