using Volunteers.Api.Accounts;
using Volunteers.Api.Hosting;
using Volunteers.Hosting;
using Volunteers.ServiceDefaults;
using Volunteers.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Volunteers.Tests.Deployment;

/// <summary>
/// No Docker engine runs where the tests do, so the compose file is checked as data: the services
/// it must have, how they wait for each other, and that every setting it passes is one the code
/// reads, so a renamed key cannot leave a deployment silently on defaults.
/// </summary>
public sealed class ComposeFileTests
{
    /// <summary>Settings read by the .NET runtime, ASP.NET Core, the console logger and the OpenTelemetry exporter, not by our code.</summary>
    private static readonly string[] _frameworkSettings = ["DOTNET_gcServer", "Urls", "Logging:Console:FormatterName"];

    /// <summary>What every api node of a cluster must share and the api refuses to start without.</summary>
    private static readonly string[] _clusterSecrets = [$"{AuthOptions.Section}:SigningKey", $"{AuthOptions.Section}:PinKey"];

    private static readonly string[] _settingsTheCodeReads =
    [
        .. _frameworkSettings,
        Database.ProviderSetting,
        $"ConnectionStrings:{Database.ConnectionName}",
        VolunteersHosting.RoleSetting,
        OperationsHosting.DashboardSetting,
        OperationsHosting.OtlpEndpointSetting,
        .. ClusterSettings.Keys,
        .. _clusterSecrets,
    ];


    private readonly YamlMappingNode _services = (YamlMappingNode)Compose()["services"];

    [Fact]
    public void Has_postgres_a_migration_two_silos_and_the_api_on_8080()
    {
        Assert.Equal(["api", "migrate", "postgres", "silo1", "silo2"], _services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.Contains("8080:8080", Sequence(Service("api"), "ports"));
        Assert.Equal(["migrate"], Sequence(Service("migrate"), "command"));
        Assert.Contains("pg_isready", string.Join(' ', Sequence((YamlMappingNode)Service("postgres")["healthcheck"], "test")));
    }

    [Theory]
    [InlineData("migrate", "postgres", "service_healthy")]
    [InlineData("silo1", "migrate", "service_completed_successfully")]
    [InlineData("silo2", "migrate", "service_completed_successfully")]
    [InlineData("api", "silo1", "service_healthy")]
    [InlineData("api", "silo2", "service_healthy")]
    public void Services_start_when_what_they_need_is_ready(string service, string dependency, string condition)
    {
        var dependsOn = (YamlMappingNode)Service(service)["depends_on"];
        Assert.Equal(condition, ((YamlMappingNode)dependsOn[dependency])["condition"].ToString());
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("silo1")]
    [InlineData("silo2")]
    [InlineData("api")]
    public void Long_running_services_restart_and_report_health(string service)
    {
        Assert.Equal("unless-stopped", Service(service)["restart"].ToString());
        Assert.True(Service(service).Children.ContainsKey("healthcheck"));
    }

    [Fact]
    public void Every_setting_passed_is_one_the_code_reads()
    {
        var passed = _services.Children.Values.Cast<YamlMappingNode>()
            .Where(service => service.Children.ContainsKey("environment"))
            .SelectMany(service => ((YamlMappingNode)service["environment"]).Children.Keys.Select(k => k.ToString()))
            .Distinct()
            .ToList();

        Assert.NotEmpty(passed);
        Assert.All(passed.Where(key => !key.StartsWith("POSTGRES_", StringComparison.Ordinal)),
            key => Assert.Contains(key.Replace("__", ":", StringComparison.Ordinal), _settingsTheCodeReads));
    }

    [Fact]
    public void The_api_is_given_the_keys_cluster_mode_requires_and_compose_refuses_to_start_without_them()
    {
        var environment = (YamlMappingNode)Service("api")["environment"];
        Assert.All(_clusterSecrets, key =>
            Assert.Matches(@"^\$\{[A-Z_]+:\?.+\}$", environment[key.Replace(":", "__", StringComparison.Ordinal)].ToString()));
    }

    [Fact]
    public void The_api_joins_the_silos_as_a_client_on_postgres()
    {
        var environment = (YamlMappingNode)Service("api")["environment"];
        Assert.Equal("Client", environment["Orleans__Role"].ToString());
        Assert.Equal("Postgres", environment["Storage__Provider"].ToString());
        // It holds sockets and no grains; the silos keep Server GC.
        Assert.Equal("0", environment["DOTNET_gcServer"].ToString());
        Assert.False(((YamlMappingNode)Service("silo1")["environment"]).Children.ContainsKey("DOTNET_gcServer"));
        Assert.False(((YamlMappingNode)Service("silo2")["environment"]).Children.ContainsKey("DOTNET_gcServer"));
    }

    private YamlMappingNode Service(string name) => (YamlMappingNode)_services[name];

    private static string[] Sequence(YamlMappingNode node, string key) =>
        [.. ((YamlSequenceNode)node[key]).Children.Select(c => c.ToString())];

    private static YamlMappingNode Compose()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "docker-compose.yml")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("docker-compose.yml not found above the test folder.");
        }
        var yaml = new YamlStream();
        using var reader = File.OpenText(Path.Combine(folder.FullName, "docker-compose.yml"));
        // The file shares settings through merge keys (<<: *cluster); read as compose reads them.
        yaml.Load(new MergingParser(new Parser(reader)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }
}
