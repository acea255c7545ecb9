using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Volunteers.Tests;

/// <summary>
/// The one PostgreSQL server of a test run: the one <c>VOLUNTEERS_TEST_POSTGRES</c> names (a
/// connection string with the right to create databases), or else a throwaway server started
/// from Debian's binaries in a temp folder on a free loopback port and stopped when the run ends.
/// </summary>
public sealed class PostgresServer
{
    public const string ServerVariable = "VOLUNTEERS_TEST_POSTGRES";
    private const string ServiceUser = "postgres";

    private static readonly Lazy<Task<PostgresServer>> _shared = new(StartAsync);
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    private readonly string? _binaries;
    private readonly string? _folder;

    private PostgresServer(string adminConnectionString, string? binaries, string? folder)
    {
        AdminConnectionString = adminConnectionString;
        _binaries = binaries;
        _folder = folder;
    }

    public string AdminConnectionString { get; }

    public static Task<PostgresServer> Shared => _shared.Value;

    /// <summary>A new, empty database on the server, and its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"volunteers_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Restarts the server the way an operator would, dropping every connection.</summary>
    public async Task RestartAsync()
    {
        RequireOwnServer("Restarting");
        await PgCtlAsync("restart", "-m", "fast");
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops the server until <see cref="StartAgainAsync"/>, as when the database host goes down.</summary>
    public async Task StopAsync()
    {
        RequireOwnServer("Stopping");
        await PgCtlAsync("stop", "-m", "fast");
    }

    public async Task StartAgainAsync()
    {
        RequireOwnServer("Starting");
        await PgCtlAsync("start", "-l", Path.Combine(_folder!, "server.log"));
        NpgsqlConnection.ClearAllPools();
    }

    private void RequireOwnServer(string what)
    {
        if (_folder is null)
        {
            throw new InvalidOperationException(
                $"{what} PostgreSQL needs the server this run starts itself; unset {ServerVariable} and install postgresql (apt-get install postgresql).");
        }
    }

    private static async Task<PostgresServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } external)
        {
            return new PostgresServer(external, null, null);
        }
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "The PostgreSQL tests need a server: install PostgreSQL's binaries (apt-get install -y postgresql) so initdb and pg_ctl " +
            $"are on PATH or under /usr/lib/postgresql/*/bin, or set {ServerVariable} to a connection string of a server to use.");

        var folder = Directory.CreateTempSubdirectory("volunteers-pg-").FullName;
        var port = FreePort();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username={ServiceUser};Database=postgres;Pooling=true;Timeout=5", binaries, folder);
        if (Environment.UserName == "root")
        {
            // initdb refuses to run as root, so the server runs as the postgres system user.
            await RunAsync("sh", "-c", $"id -u {ServiceUser} >/dev/null 2>&1 || useradd --system --no-create-home {ServiceUser}");
            await RunAsync("chown", "-R", $"{ServiceUser}:", folder);
        }
        await AsServiceUserAsync(Path.Combine(binaries, "initdb"), "-D", server.DataFolder, "-U", ServiceUser, "-A", "trust", "-E", "UTF8", "--no-sync");
        // Durability is the database's promise, not what these tests check; without fsync a
        // test run leaves the disk alone.
        await File.AppendAllTextAsync(Path.Combine(server.DataFolder, "postgresql.conf"),
            $"\nport = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\nfsync = off\nfull_page_writes = off\nmax_connections = 300\n");
        await server.PgCtlAsync("start", "-l", Path.Combine(folder, "server.log"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private string DataFolder => Path.Combine(_folder!, "data");

    private Task PgCtlAsync(params string[] arguments) =>
        AsServiceUserAsync(Path.Combine(_binaries!, "pg_ctl"), [.. arguments, "-D", DataFolder, "-w", "-t", "60"]);

    private void Stop()
    {
        AsServiceUserAsync(Path.Combine(_binaries!, "pg_ctl"), "stop", "-D", DataFolder, "-m", "immediate").Wait(TimeSpan.FromSeconds(20));
        try
        {
            Directory.Delete(_folder!, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static Task AsServiceUserAsync(string program, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", ServiceUser, "--", program, .. arguments]) : RunAsync(program, arguments);

    private static string? FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }
        const string debian = "/usr/lib/postgresql";
        return Directory.Exists(debian)
            ? Directory.GetDirectories(debian)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    /// <summary>
    /// A port free now and never handed out before in this run: a port is only taken when its process binds it,
    /// so the kernel could offer the same one twice meanwhile (a restarted silo got its gateway's port as its
    /// HTTP port, and failed to start).
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
