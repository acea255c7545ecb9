namespace Volunteers.Tests.Cluster;

/// <summary>
/// A cluster's process run with a setting it cannot work with: it ends on one line that names the setting and the
/// reason, and exits with 1. Before, each ended on an unhandled exception (exit 134) with a stack trace under the reason.
/// </summary>
public sealed class SettingsFaultTests
{
    // The signing key is read as the api is built, the PIN key by the first service that needs it, as the host starts.
    [Theory]
    [InlineData("SigningKey")]
    [InlineData("PinKey")]
    public async Task An_api_of_a_cluster_without_one_of_its_keys_names_the_setting_and_exits_with_1(string key)
    {
        await using var cluster = ProcessCluster.OutOfReach();

        var (exitCode, output) = await cluster.RunApiAsync(new Dictionary<string, string> { [$"Auth__{key}"] = "" });

        AssertTold(exitCode, output, $"Settings: Auth:{key} must be set in cluster mode");
    }

    [Fact]
    public async Task A_silo_on_a_storage_provider_it_does_not_know_names_the_setting_and_exits_with_1()
    {
        await using var cluster = ProcessCluster.OutOfReach();

        var (exitCode, output) = await cluster.RunSiloAsync(new Dictionary<string, string> { ["Storage__Provider"] = "Oracle" });

        AssertTold(exitCode, output, "Settings: Storage:Provider is 'Oracle'; it must be Sqlite or Postgres.");
    }

    private static void AssertTold(int exitCode, string output, string told)
    {
        Assert.True(exitCode == 1, $"exited with {exitCode}:\n{output}");
        Assert.Contains(told, ProcessCluster.LastEntry(output), StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
