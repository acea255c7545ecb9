using Volunteers.Api.Accounts;
using Volunteers.ServiceDefaults;

namespace Volunteers.Api.Hosting;

/// <summary>
/// <c>create-organiser --username NAME [--password SECRET] (--unit ID | --province NAME [--code CODE])</c>:
/// the first account of an install, made from the command line because no one can sign in yet. Without
/// --password the password is read from standard input, so it stays out of the shell history.
/// </summary>
public static class FirstRun
{
    public const string Command = "create-organiser";

    public static bool IsCommand(string[] args) => args is [Command, ..];

    /// <summary>The host gets no command arguments, and no public port while the command runs.</summary>
    public static string[] HostArguments(string[] args) => IsCommand(args) ? ["--urls", "http://127.0.0.1:0"] : args;

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var options = Options(args[1..]);
        if (options is null || !options.TryGetValue("username", out var username) || options.ContainsKey("unit") == options.ContainsKey("province"))
        {
            await Console.Error.WriteLineAsync($"usage: {Command} --username NAME [--password SECRET] (--unit ID | --province NAME [--code CODE])");
            return 2;
        }
        var password = options.GetValueOrDefault("password") ?? (await Console.In.ReadLineAsync())?.TrimEnd('\r', '\n') ?? "";
        var (exitCode, answer) = await CreateOrganiser(app, options, username, password);
        // After the host is gone, whose disposal writes every log line still queued: the answer is the last line read.
        if (answer is not null)
        {
            await (exitCode == 0 ? Console.Out : Console.Error).WriteLineAsync(answer);
        }
        return exitCode;
    }

    private static async Task<(int ExitCode, string? Answer)> CreateOrganiser(
        WebApplication app, Dictionary<string, string> options, string username, string password)
    {
        await using (app)
        {
            if (await app.StartOrStopAsync() is { } exitCode)
            {
                return (exitCode, null);
            }
            try
            {
                var account = await app.Services.GetRequiredService<AccountService>().CreateFirstOrganiser(
                    options.GetValueOrDefault("unit"), options.GetValueOrDefault("province"), options.GetValueOrDefault("code"),
                    username, password);
                return (0, $"Organiser '{username}' of {account.ScopeId} created; sign in with the signIn mutation.");
            }
            catch (DomainException refusal)
            {
                return (1, $"{refusal.Field}: {refusal.Message}");
            }
            finally
            {
                await app.StopAsync();
            }
        }
    }

    private static Dictionary<string, string>? Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                return null;
            }
            options[args[i][2..]] = args[i + 1];
        }
        return options;
    }
}
