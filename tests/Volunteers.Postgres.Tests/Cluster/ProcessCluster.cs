using System.Diagnostics;
using System.Text;

namespace Volunteers.Tests.Cluster;

/// <summary>
/// The platform as it runs in production, on loopback: silo processes and the api as an Orleans
/// client, each the built dll started with <c>dotnet</c> and configured by environment
/// variables, all on one fresh PostgreSQL database.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _common;
    private readonly IReadOnlyDictionary<string, string> _siloSettings;
    private readonly List<Node> _nodes = [];

    /// <summary>
    /// The api's own settings, for the node and for its create-organiser command alike: PostgreSQL needs the
    /// signing and PIN keys from configuration, and the phones' load comes from one address, so the limits are wide.
    /// </summary>
    private readonly Dictionary<string, string> _api = new()
    {
        ["Orleans__Role"] = "Client",
        ["Demo__Seed"] = "false",
        ["Auth__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Auth__PinKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Auth__SignInsPerMinute"] = "100000",
        ["Auth__WriteBurst"] = "100000",
        ["Auth__RequestBurst"] = "100000",
        ["Auth__RecordBurst"] = "100000",
        ["Auth__CostlyBurst"] = "100000",
    };

    private ProcessCluster(string connectionString, IReadOnlyDictionary<string, string>? siloSettings = null)
    {
        ConnectionString = connectionString;
        _siloSettings = siloSettings ?? new Dictionary<string, string>();
        _common = new()
        {
            ["Storage__Provider"] = "Postgres",
            ["ConnectionStrings__Volunteers"] = connectionString,
            ["Orleans__ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            // Five processes share two cores here; server GC would give each a heap per core.
            ["DOTNET_gcServer"] = "0",
            // One timestamped line an entry, so a test can tell when each process saw what.
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
            // Suspicions, votes and gateway changes: what a failure's seconds are spent on.
            ["Logging__LogLevel__Orleans.Runtime.MembershipService"] = "Information",
            ["Logging__LogLevel__Orleans.Messaging"] = "Information",
            ["Logging__LogLevel__Orleans.Runtime.Messaging"] = "Information",
        };
    }

    public string ConnectionString { get; }

    public string ClusterId => _common["Orleans__ClusterId"];

    public IReadOnlyList<Node> Silos => [.. _nodes.Where(n => n.Name.StartsWith("silo", StringComparison.Ordinal))];

    public Node Api => _nodes.Single(n => n.Name == "api");

    /// <param name="siloSettings">Configuration every silo gets besides the common one, as environment variables.</param>
    public static async Task<ProcessCluster> StartAsync(PostgresServer server, int silos, IReadOnlyDictionary<string, string>? siloSettings = null)
    {
        var cluster = new ProcessCluster(await server.CreateDatabaseAsync(), siloSettings);
        // Silos first: the api's client looks for gateways in the membership table they fill.
        await Task.WhenAll(Enumerable.Range(1, silos).Select(i => cluster.StartSiloAsync($"silo{i}")));
        await cluster.StartApi().WaitReadyAsync();
        return cluster;
    }

    /// <summary>
    /// The first organiser of the install, made as an operator makes one (the api's create-organiser command,
    /// which creates their province), then signed in: everything the tests build lies in that province.
    /// </summary>
    public async Task<GraphClient> OrganiserAsync(string province)
    {
        var username = $"org-{Guid.NewGuid():N}"[..20];
        var password = Guid.NewGuid().ToString("N");
        var (exitCode, output) = await RunAsync(Built("api", "Volunteers.Api"), _api,
            "create-organiser", "--username", username, "--password", password, "--province", province);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"create-organiser exited with {exitCode}:\n{output}");
        }
        var graph = new GraphClient(Api.Address);
        await graph.SignInAsync(username, password);
        return graph;
    }

    /// <summary>A fresh database and no process yet: for commands run on their own, such as the silo's migrate.</summary>
    public static async Task<ProcessCluster> EmptyAsync(PostgresServer server) => new(await server.CreateDatabaseAsync());

    /// <summary>A connection string to a port nothing listens on: a database out of reach, for commands run on their own.</summary>
    public static ProcessCluster OutOfReach() =>
        new($"Host=127.0.0.1;Port={PostgresServer.FreePort()};Username=volunteers;Password=unused;Database=volunteers");

    /// <summary>The silo's dll run as a command with these arguments; its exit code and what it printed, or a timeout.</summary>
    public Task<(int ExitCode, string Output)> RunSiloAsync(params string[] arguments) => RunSiloAsync(new Dictionary<string, string>(), arguments);

    /// <param name="settings">Settings besides the common ones, or in place of them, as environment variables.</param>
    public Task<(int ExitCode, string Output)> RunSiloAsync(IReadOnlyDictionary<string, string> settings, params string[] arguments) =>
        RunAsync(Built("silo/Host", "Volunteers.Silo"), new(settings), arguments);

    /// <summary>The api's dll run with some of its settings changed; its exit code and what it printed, or a timeout.</summary>
    public Task<(int ExitCode, string Output)> RunApiAsync(IReadOnlyDictionary<string, string> changed)
    {
        var settings = new Dictionary<string, string>(_api);
        foreach (var (key, value) in changed)
        {
            settings[key] = value;
        }
        return RunAsync(Built("api", "Volunteers.Api"), settings);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string dll, Dictionary<string, string> settings, params string[] arguments)
    {
        var start = StartInfo(dll, settings);
        start.Environment["Urls"] = $"http://127.0.0.1:{PostgresServer.FreePort()}";
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var command = Process.Start(start)!;
        var output = command.StandardOutput.ReadToEndAsync();
        var errors = command.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await command.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            command.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(dll)} {string.Join(' ', arguments)} was still running after 90 s:\n{await output}\n{await errors}");
        }
        return (command.ExitCode, $"{await output}\n{await errors}");
    }

    /// <summary>Stops every process and keeps what each printed under TestResults/, to read after a failure.</summary>
    public async ValueTask DisposeAsync()
    {
        var logs = Directory.CreateDirectory(Path.Combine(RepositoryRoot, "TestResults", "cluster-logs"));
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(logs.FullName, $"{node.Name}.log"), node.Output);
        }
    }

    /// <summary>
    /// The last entry a process printed, where a process that cannot start says why: two lines, for the console
    /// logger's default format puts the level and category on one and the message on the next.
    /// </summary>
    public static string LastEntry(string output) =>
        string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(2));

    /// <summary>The api as a client of the cluster's silos, returned at once, before it is ready.</summary>
    public Node StartApi() => Start("api", Built("api", "Volunteers.Api"), _api);

    /// <summary>A silo joining the cluster, on ports of its own; returned once it is an active member.</summary>
    public async Task<Node> StartSiloAsync(string name)
    {
        var node = Start(name, Built("silo/Host", "Volunteers.Silo"), new(_siloSettings)
        {
            ["Orleans__SiloPort"] = PostgresServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = PostgresServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await node.WaitReadyAsync();
        return node;
    }

    private Node Start(string name, string dll, Dictionary<string, string> settings)
    {
        var port = PostgresServer.FreePort();
        var start = StartInfo(dll, settings);
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        var node = new Node(name, new Uri($"http://127.0.0.1:{port}"), Process.Start(start)!);
        _nodes.Add(node);
        return node;
    }

    private ProcessStartInfo StartInfo(string dll, Dictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var (key, value) in _common.Concat(settings))
        {
            start.Environment[key] = value;
        }
        return start;
    }

    public static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(folder.FullName, "Volunteers.sln")))
            {
                folder = folder.Parent ?? throw new InvalidOperationException("The test runs outside the repository.");
            }
            return folder.FullName;
        }
    }

    /// <summary>The test project builds the silo and the api first (project references), into their own bin folders.</summary>
    private static string Built(string project, string assembly)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(RepositoryRoot, project, "bin", testBin.Parent!.Name, testBin.Name, assembly + ".dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is not built; build the solution first.");
    }

    public sealed class Node : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public Node(string name, Uri address, Process process)
        {
            Name = name;
            Address = address;
            _process = process;
            _process.OutputDataReceived += (_, line) => Append(line.Data);
            _process.ErrorDataReceived += (_, line) => Append(line.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Name { get; }

        public Uri Address { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>SIGKILL: the process gets no chance to leave the cluster politely.</summary>
        public void Kill() => _process.Kill(entireProcessTree: true);

        /// <summary>SIGTERM, as compose or systemd stop a process; answers its exit code.</summary>
        public async Task<int> StopAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
            return _process.ExitCode;
        }

        /// <summary>Waits until the process has printed <paramref name="text"/>, and answers all it printed.</summary>
        public async Task<string> SaidAsync(string text, TimeSpan within)
        {
            var deadline = DateTime.UtcNow + within;
            while (!Output.Contains(text, StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline || _process.HasExited)
                {
                    throw new TimeoutException($"{Name} did not say '{text}' within {within}:\n{Output}");
                }
                await Task.Delay(250);
            }
            return Output;
        }

        public async Task WaitReadyAsync()
        {
            using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
                }
                try
                {
                    using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                catch (TaskCanceledException)
                {
                    // Listening but slow to answer while it starts.
                }
                await Task.Delay(250);
            }
            throw new TimeoutException($"{Name} was not ready within 90 s:\n{Output}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
