namespace Volunteers.Api.Hosting;

/// <summary>
/// The settings files are read once, as the api starts; a change takes a restart. To reload them on change .NET
/// watches the whole content root, recursively, and <c>dotnet run --project api</c> keeps its database in
/// <c>api/data</c>: every write of SQLite's log woke that watch, 5 % of the api's CPU logging one help a request
/// and as much again in the kernel's writes (perf).
/// </summary>
public static class SettingsFiles
{
    /// <summary>As a host argument, so an operator's own argument still overrides it.</summary>
    public static string[] ReadOnce(string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];
}
