using Volunteers.Storage;

namespace Volunteers.Hosting;

/// <summary>
/// A SQLite file is one silo's. A second process started on the same file (a second api, or create-organiser while the
/// api runs) hosted a second, separate cluster over the same rows: Linux let both listen on the same silo and gateway
/// ports, and each activated the same grains and wrote over the other's state. The first silo to start holds an
/// advisory lock beside the file for its life, so a second one of ours stops before it reads anything; the kernel lets
/// go of the lock when the process ends, however it ends. .NET takes no such lock when file locking is turned off
/// (DOTNET_SYSTEM_IO_DISABLEFILELOCKING), and nothing then stops a second silo.
/// </summary>
internal sealed class SqliteOwner(Database database) : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private FileStream? _held;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SqliteOwner), ServiceLifecycleStage.First, _ => Take(), _ =>
        {
            Dispose();
            return Task.CompletedTask;
        });

    private Task Take()
    {
        if (database.SqliteFile is not { } file)
        {
            return Task.CompletedTask;
        }
        try
        {
            // FileShare.None is an exclusive flock on Linux, which another process cannot take while this one lives.
            _held = new FileStream($"{file}.owner", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException refused) when (IsHeld(refused))
        {
            throw new InvalidOperationException(
                $"{file} is in use by another api or silo on this machine; stop it first. A second api beside a running one "
                + "joins it with Orleans:Role=Client instead, and another install needs a database of its own (ConnectionStrings:Volunteers).",
                refused);
        }
        return Task.CompletedTask;
    }

    // .NET reports a lock another process holds as EWOULDBLOCK (11) on Linux and as a sharing violation on Windows; any
    // other fault (a read-only disk, too many open files) is its own reason, told as it is.
    private static bool IsHeld(IOException refused) => refused.HResult is 11 or unchecked((int)0x80070020);

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
