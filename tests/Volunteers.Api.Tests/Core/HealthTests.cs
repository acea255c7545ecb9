using System.Net;

namespace Volunteers.Tests.Core;

public sealed class HealthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        using var response = await factory.CreateClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ready_fails_when_the_database_cannot_be_opened()
    {
        // A folder where the database file should be: SQLite cannot open it.
        var folder = Directory.CreateTempSubdirectory("volunteers-broken-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "volunteers.db"));
        await using var broken = new ApiFactory(folder);
        var check = new Volunteers.ServiceDefaults.StorageHealthCheck(new Storage.Database(Storage.StorageProvider.Sqlite,
            $"Data Source={Path.Combine(folder, "volunteers.db")}"));

        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());

        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.Contains("Sqlite does not answer", result.Description, StringComparison.Ordinal);
    }
}
