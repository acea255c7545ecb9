namespace Volunteers;

/// <summary>
/// A setting the process cannot run with, named with the reason: the operator's to fix, so it is told in one line,
/// not as a crash with a stack trace.
/// </summary>
public sealed class SettingsException(string message) : Exception(message);
