namespace Volunteers.ServiceDefaults;

/// <summary>
/// The folder of an embedded install's SQLite database: what a process makes once and keeps (the api's
/// signing key) lives beside the data, so a restart finds it. Registered only on SQLite; on PostgreSQL
/// such things come from configuration, the same for every process.
/// </summary>
public sealed record LocalDataFolder(string Path);
