using Npgsql;

namespace Volunteers.Tests.Cluster;

/// <summary>The silo's one-off migration, as compose's migrate service runs it: it migrates and exits, whatever follows the command.</summary>
public sealed class MigrateCommandTests
{
    [Theory]
    [InlineData("migrate")]
    [InlineData("migrate", "extra-arg")]
    [InlineData("migrate", "--Logging:LogLevel:Default=Information")]
    public async Task Migrate_with_or_without_more_arguments_migrates_and_exits_without_starting_a_silo(params string[] arguments)
    {
        await using var cluster = await ProcessCluster.EmptyAsync(await PostgresServer.Shared);

        var (exitCode, output) = await cluster.RunSiloAsync(arguments);

        Assert.True(exitCode == 0, output);
        Assert.True(await TableExistsAsync(cluster.ConnectionString, "help_record"), output);
        Assert.True(await TableExistsAsync(cluster.ConnectionString, "orleans_membership"), output);
        Assert.Equal(0, await SilosJoinedAsync(cluster.ConnectionString));
    }

    private static async Task<bool> TableExistsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT to_regclass(@t) IS NOT NULL", connection);
        command.Parameters.AddWithValue("t", table);
        return (bool)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> SilosJoinedAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleans_membership", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
