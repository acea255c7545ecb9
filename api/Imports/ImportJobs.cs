using System.Collections.Concurrent;
using Volunteers.Api.Access;

namespace Volunteers.Api.Imports;

/// <summary>
/// Runs imports in the background on this api node and keeps their progress for the client to
/// poll. Progress lives in memory: after a restart a client re-sends the file, which is safe
/// because an import of rows already imported changes nothing.
/// </summary>
public sealed partial class ImportJobs(TimeProvider time, ILogger<ImportJobs> logger)
{
    public const string JobKind = "imp";
    private const int Kept = 200;

    private readonly ConcurrentDictionary<string, (ImportJob Job, Task Run)> _jobs = new(StringComparer.Ordinal);

    /// <summary>Starts an import for <paramref name="access"/>'s caller, who owns the job and bounds where its rows may land.</summary>
    public async Task<(ImportJob Job, Task Run)> Start(string kind, ImportMode mode, RequestAccess access, IReadOnlyList<ImportRow> rows, ImportRun work)
    {
        var home = await access.Home();
        var scope = AccessRules.ImportScope(access, kind);
        return Start(kind, mode, new ImportOwner(access.Caller.Subject, new Target(home.Units)), job => work(job, rows, scope));
    }

    private (ImportJob Job, Task Run) Start(string kind, ImportMode mode, ImportOwner owner, Func<ImportJob, Task> work)
    {
        Forget();
        var job = new ImportJob(Ids.New(JobKind), kind, mode, time.GetUtcNow(), owner);
        var run = Task.Run(async () =>
        {
            try
            {
                await work(job);
                job.Finish(time.GetUtcNow());
                var status = job.Status();
                LogFinished(logger, status.Id, kind, status.Created, status.Matched, status.Errors.Length, status.Seconds);
            }
            catch (Exception exception)
            {
                LogFailed(logger, exception, job.Id, kind);
                job.Stopped(time.GetUtcNow());
            }
        });
        _jobs[job.Id] = (job, run);
        return (job, run);
    }

    public ImportStatus Get(string? id) => Job(id).Status();

    public ImportOwner Owner(string? id) => Job(id).Owner;

    private ImportJob Job(string? id) =>
        id is not null && _jobs.TryGetValue(id, out var entry)
            ? entry.Job
            : throw new DomainException("NOT_FOUND", "id", $"id: no import job has the id '{id}' on this server (jobs are kept while it runs).");

    /// <summary>Keeps the newest finished jobs only, so a busy server's memory does not grow with every import.</summary>
    private void Forget()
    {
        var finished = _jobs.Values.Select(v => v.Job.Status()).Where(s => s.Done).OrderByDescending(s => s.FinishedAt).Skip(Kept);
        foreach (var old in finished)
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    [LoggerMessage(LogLevel.Information, "Import {Job} of {Kind}: {Created} created, {Matched} matched, {Errors} refused in {Seconds} s")]
    private static partial void LogFinished(ILogger logger, string job, string kind, int created, int matched, int errors, double? seconds);

    [LoggerMessage(LogLevel.Error, "Import {Job} of {Kind} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, string kind);
}
