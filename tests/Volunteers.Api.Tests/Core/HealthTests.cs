using System.Net;
using Microsoft.Data.Sqlite;

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
        await using var api = new ApiFactory();
        using var client = api.CreateClient();
        using (var before = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // A folder where the database file was: SQLite cannot open it any more. Pooled connections would still
        // reach the deleted file, so they are closed, as often as the silo's own work may return one meanwhile.
        var file = Path.Combine(api.Folder, "volunteers.db");
        SqliteConnection.ClearAllPools();
        foreach (var part in new[] { file, $"{file}-wal", $"{file}-shm" })
        {
            File.Delete(part);
        }
        Directory.CreateDirectory(file);
        HttpStatusCode status;
        string body;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        do
        {
            SqliteConnection.ClearAllPools();
            using var after = await client.GetAsync("/health/ready");
            (status, body) = (after.StatusCode, await after.Content.ReadAsStringAsync());
        }
        while (status == HttpStatusCode.OK && DateTimeOffset.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", body);
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }
}
