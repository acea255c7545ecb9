using System.Diagnostics;
using System.Text;

namespace Volunteers.Tests.Readme;

/// <summary>
/// A README command run by bash from the repository root, as a reader pastes it. Only the database is
/// moved to a folder of the test's own, through the documented ConnectionStrings__Volunteers, so a
/// developer's data/ is left alone; everything else comes from appsettings.json and the launch profile.
/// </summary>
public sealed class Shell : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Shell(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    public bool HasExited => _process.HasExited;

    public static Shell Start(string command, string dataFolder, string? input = null)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = Readme.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__Volunteers"] = $"Data Source={Path.Combine(dataFolder, "volunteers.db")}";
        var shell = new Shell(Process.Start(start)!);
        if (input is not null)
        {
            shell._process.StandardInput.WriteLine(input);
        }
        shell._process.StandardInput.Close();
        return shell;
    }

    /// <summary>Runs a command to its end and answers what it printed; a failure shows the output.</summary>
    public static async Task<string> Run(string command, string dataFolder, string? input = null, int timeoutSeconds = 300)
    {
        await using var shell = Start(command, dataFolder, input);
        var exitCode = await shell.Exit(TimeSpan.FromSeconds(timeoutSeconds));
        Assert.True(exitCode == 0, $"`{command}` exited with {exitCode}:\n{shell.Output}");
        return shell.Output;
    }

    /// <summary>Waits for the command to end by itself, and answers its exit code.</summary>
    public async Task<int> Exit(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    private void Keep(string? line)
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

    public async ValueTask DisposeAsync()
    {
        // `dotnet run` starts the api as a child of its own: the whole tree goes, or port 5000 stays taken.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
