using System.Collections.Immutable;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Volunteers.Assignments;
using Volunteers.Audit;
using Volunteers.Campaigns;
using Volunteers.Storage;
using Volunteers.Tallies;
using Volunteers.Teams;
using Volunteers.Telemetry;

namespace Volunteers.Volunteering;

[GenerateSerializer]
public sealed class VolunteerDayState
{
    [Id(0)] public ImmutableArray<CheckInInterval> Shifts { get; set; } = [];

    // The volunteer's team and its ward, kept with the shifts. A volunteer never changes team nor a team its ward, so a
    // day activated again asks neither: a day is collected between helps more than IdleFor minutes apart, and asking
    // activated the volunteer's grain and read its state each time. Rows written before these were kept lack them,
    // and their day asks until its next check-in or check-out keeps them.
    [Id(1)] public string? TeamId { get; set; }

    [Id(2)] public string? WardId { get; set; }
}

/// <summary>
/// Keyed <c>campaignId/volunteerId</c>. The records themselves live in the help-record table, so
/// the tally is recounted from them on activation and nothing here is written per help.
/// It reports to its team level when it changes and keeps no timer beyond that, so a volunteer
/// checked in and idle needs no activation: the team level holds their tally, on-duty included,
/// and the grain is collected after <see cref="IdleFor"/> idle minutes.
/// Its state goes through the grain storage itself rather than a persistent-state facet, to read it once
/// as the day activates and write it at a check-in or out. The facet subscribes to the activation's
/// lifecycle and migration, which gave every day a lifecycle with its observer lists and a migration
/// list besides the facet: the Presence bench at 10,000 read 3,526 B of managed heap a working volunteer
/// with it, 3,102 B without. The row is the same one: the same provider, state name and grain id. What the facet
/// gave besides is not needed here: a day moved to another silo reads its row again there, as it reads its records
/// anyway; and Orleans' storage metrics no longer count its reads and writes.
/// </summary>
[CollectionAgeLimit(Minutes = IdleFor)]
public sealed partial class VolunteerDayGrain(
    [FromKeyedServices(GrainStorage.Name)] IGrainStorage storage,
    IHelpRecordStore records,
    SiloCache cache,
    CampaignRules rules,
    TimeProvider time) : Grain, IVolunteerDayGrain
{
    public const int MaxMinutes = 480;
    public const int MaxEntries = 500;
    public const int MaxReason = 500;

    /// <summary>
    /// Longer than the minutes between a working volunteer's helps: 30 in a morning's four hours are 8 minutes apart.
    /// A day collected between two helps is activated again for the next, its row read and its records recounted. At
    /// 2 minutes, with helps ~3 minutes apart, Orleans collected 10,800-15,300 of 50,000 days a minute and helps activated
    /// them again; that api read 1,620 µs of CPU a help against 1,284 with 15, in one pair (bench/results.md,
    /// 2026-12-07 15:47). Kept, a working volunteer's day is part of the Presence bench's ~2.9 KB of heap (3.7 KB of
    /// RSS) a working volunteer at 100,000, whose phones log every 50 s and so kept their days at 2 minutes too.
    /// </summary>
    public const int IdleFor = 15;

    /// <summary>Cheap phones keep poor time; an entry this far outside a shift still belongs to it.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    private const string StateName = "volunteer-day";

    private readonly GrainState<VolunteerDayState> _state = new(new VolunteerDayState());
    private readonly RecentHelps _recent = new();
    private Context? _context;

    /// <summary>The load in flight; dropped once done, as a finished task would keep its state machine (160 bytes a day grain).</summary>
    private Task<Context>? _loading;
    private CoalescedReport? _report;
    private HelpCounter _helps = new();
    private long _recordChanges;

    private string CampaignId => Ids.SplitScoped(this.GetPrimaryKeyString()).CampaignId;

    private string VolunteerId => Ids.SplitScoped(this.GetPrimaryKeyString()).EntityId;

    /// <summary>A read sets a fresh instance when no row exists, so the state is never null once activated.</summary>
    private VolunteerDayState State => _state.State!;

    private ImmutableArray<CheckInInterval> Shifts => State.Shifts;

    private CheckInInterval? OpenShift => Shifts.IsEmpty || Shifts[^1].CheckedOutAt is not null ? null : Shifts[^1];

    public override Task OnActivateAsync(CancellationToken cancellationToken) => storage.ReadStateAsync(StateName, this.GetGrainId(), _state);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_report is not null)
        {
            await _report.Flush();
        }
    }

    public async Task<CheckInInterval> CheckIn(string placeId, DateTimeOffset? at = null, string? tapId = null)
    {
        var context = await Load();
        if (Resent(tapId, s => s.CheckInId) is { } sent)
        {
            ReportAgain();
            return sent;
        }
        // Fresh, not the cached copy: a check-in is rare, and the one after a start or a close must see it.
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).Get() ?? throw DomainException.NotFound("campaignId", CampaignId);
        var now = time.GetUtcNow();
        var when = NotBeforeLastTap(TapTime(campaign, at, now, "at"), "at");
        if (!await IsTeamPlace(context, placeId, fresh: true))
        {
            throw PlaceNotAssigned(placeId);
        }
        if (OpenShift is { } open)
        {
            if (open.PlaceId == placeId)
            {
                ReportAgain();
                return open;
            }
            State.Shifts = Shifts.SetItem(Shifts.Length - 1, open with { CheckedOutAt = when });
        }
        var shift = new CheckInInterval(placeId, when, null, tapId);
        State.Shifts = Shifts.Add(shift);
        await WriteState();
        _report?.Changed();
        return shift;
    }

    public async Task<CheckInInterval> CheckOut(DateTimeOffset? at = null, string? tapId = null)
    {
        await Load();
        if (Resent(tapId, s => s.CheckOutId) is { } sent)
        {
            ReportAgain();
            return sent;
        }
        if (OpenShift is not { } open)
        {
            // A check-out sent again without its tap id finds its shift closed already.
            ReportAgain();
            throw NotCheckedIn();
        }
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).Get() ?? throw DomainException.NotFound("campaignId", CampaignId);
        var now = time.GetUtcNow();
        // A volunteer who forgets to check out until after the close worked no longer than the day: the shift ends with it.
        var tapped = at ?? now;
        var when = NotBeforeLastTap(TapTime(campaign, campaign.ClosedAt is { } closed && tapped > closed ? closed : tapped, now, "at"), "at");
        var closedShift = open with { CheckedOutAt = when, CheckOutId = tapId };
        State.Shifts = Shifts.SetItem(Shifts.Length - 1, closedShift);
        await WriteState();
        _report?.Changed();
        return closedShift;
    }

    private Task WriteState() => storage.WriteStateAsync(StateName, this.GetGrainId(), _state);

    public Task<CheckInInterval?> GetShift() => Task.FromResult(Shifts.IsEmpty ? null : Shifts[^1]);

    public Task<ImmutableArray<CheckInInterval>> GetShifts() => Task.FromResult(Shifts);

    /// <summary>
    /// A phone sends again what it heard no answer to, which is also when the report of its first sending may have died
    /// with the day's silo: the day reports its tally again, which a team level that holds it ignores by its version.
    /// </summary>
    private void ReportAgain() => _report?.Changed();

    private CheckInInterval? Resent(string? tapId, Func<CheckInInterval, string?> idOf)
    {
        if (tapId is null)
        {
            return null;
        }
        ValidateClientId(tapId, "tapId");
        return Shifts.LastOrDefault(s => idOf(s) == tapId);
    }

    /// <summary>
    /// Taps reach the server in the order the phone made them, so one earlier than the day's last check-in
    /// or check-out is a clock that moved back; taking it would make shifts overlap.
    /// </summary>
    private DateTimeOffset NotBeforeLastTap(DateTimeOffset when, string field)
    {
        var last = Shifts.IsEmpty ? (DateTimeOffset?)null : Shifts[^1].CheckedOutAt ?? Shifts[^1].CheckedInAt;
        return last is { } before && when < before
            ? throw DomainException.Invalid(field, $"{field} {when:u} is before your last check-in or check-out at {before:u}.")
            : when;
    }

    /// <summary>
    /// The bounds of a time the phone stamped, the same for a help, a check-in and a check-out: not ahead
    /// of the server's clock by more than <see cref="ClockSkew"/>; while the campaign runs, or after its
    /// close when made before it and sent within the late-sync grace.
    /// </summary>
    private DateTimeOffset TapTime(CampaignInfo campaign, DateTimeOffset? at, DateTimeOffset now, string field)
    {
        var when = at ?? now;
        if (when > now + ClockSkew)
        {
            // A code of its own: the phone keeps such records and tells the volunteer to set the clock right.
            throw new DomainException("CLOCK_SKEW", field,
                $"{field} {when:u} is {(when - now).TotalMinutes:0} minutes ahead of the server's clock ({now:u}); at most {ClockSkew.TotalMinutes:0} are allowed.");
        }
        switch (campaign.Status)
        {
            case CampaignStatus.Planned:
                throw NotRunning(campaign);
            case CampaignStatus.Closed when when > campaign.ClosedAt:
                throw DomainException.Conflict("campaignId", $"Campaign '{campaign.Name}' closed at {campaign.ClosedAt:u}; it takes no new records.");
            case CampaignStatus.Closed when now > rules.FinalAt(campaign):
                throw DomainException.Conflict("campaignId",
                    $"Campaign '{campaign.Name}' closed at {campaign.ClosedAt:u}; records made before the close were taken until {rules.FinalAt(campaign):u}.");
        }
        if (when < campaign.StartedAt - ClockSkew)
        {
            throw DomainException.Invalid(field, $"{field} {when:u} is before campaign '{campaign.Name}' started at {campaign.StartedAt:u}.");
        }
        return when;
    }

    public async Task<ImmutableArray<LogResult>> Log(ImmutableArray<HelpEntry> entries)
    {
        if (entries.Length > MaxEntries)
        {
            throw DomainException.Invalid("entries", $"A batch holds at most {MaxEntries} records; this one has {entries.Length}.");
        }
        var context = await Load();
        var campaign = await Campaign();
        var now = time.GetUtcNow();

        var results = new LogResult?[entries.Length];
        var accepted = new List<(int Index, HelpRecord Record)>();
        for (var i = 0; i < entries.Length; i++)
        {
            try
            {
                accepted.Add((i, await ToRecord(entries[i], campaign, context, now)));
            }
            catch (DomainException error)
            {
                results[i] = new LogResult(entries[i].RecordId ?? "", null, error);
            }
        }

        await ReceiptsOfStored(entries, results, campaign);
        var outcomes = await records.AppendAsync(accepted.Select(a => a.Record).ToList());
        for (var j = 0; j < accepted.Count; j++)
        {
            var (index, record) = accepted[j];
            var outcome = outcomes[j];
            results[index] = outcome.Status switch
            {
                AppendStatus.Conflict => new LogResult(record.RecordId, null, DomainException.Conflict("recordId",
                    $"Record '{record.RecordId}' was stored before with different content; a correction needs a new record id.")),
                _ => new LogResult(record.RecordId, new Receipt(record.RecordId, outcome.AcceptedAt, outcome.Status == AppendStatus.Duplicate), null),
            };
            if (outcome.Status == AppendStatus.Inserted)
            {
                Count(record);
            }
        }
        if (results.Any(r => r?.Receipt is { Duplicate: true }))
        {
            ReportAgain();
        }
        VolunteersMetrics.Logged(entries.Length,
            outcomes.Count(o => o.Status == AppendStatus.Inserted), outcomes.Count(o => o.Status == AppendStatus.Duplicate));
        return [.. results.Select(r => r!)];
    }

    /// <summary>
    /// A record stored before the close and sent again after it (the phone never heard the answer) gets its receipt,
    /// as any resend does: the record's id decides, not the campaign's state, so nothing acknowledged looks lost.
    /// </summary>
    private async Task ReceiptsOfStored(ImmutableArray<HelpEntry> entries, LogResult?[] results, CampaignInfo campaign)
    {
        if (campaign.Status != CampaignStatus.Closed)
        {
            return;
        }
        var refused = Enumerable.Range(0, entries.Length)
            .Where(i => results[i]?.Error is { Code: "CONFLICT", Field: "campaignId" })
            .ToList();
        var stored = await records.StoredAsync(CampaignId, [.. refused.Select(i => entries[i].RecordId).Distinct()]);
        foreach (var i in refused)
        {
            var entry = entries[i];
            if (stored.TryGetValue(entry.RecordId, out var found) && found.Record.SameContentAs(found.Record with
            {
                VolunteerId = VolunteerId,
                Service = entry.Service,
                Procedure = entry.Procedure,
                Channel = entry.Channel,
                Outcome = entry.Outcome,
                Minutes = entry.Minutes,
            }))
            {
                results[i] = new LogResult(entry.RecordId, new Receipt(entry.RecordId, found.AcceptedAt, Duplicate: true), null);
            }
        }
    }

    public async Task<VoidResult> Void(string recordId, string reason, string actorId)
    {
        ValidateClientId(recordId, "recordId");
        var why = Validate.Text(reason, "reason", MaxReason);
        var context = await Load();
        var campaign = await Campaign();
        // Milliseconds are what both databases keep, so a second void reports the same time as the first.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        if (rules.FinalAt(campaign) < now)
        {
            throw DomainException.Conflict("campaignId", $"Campaign '{campaign.Name}' closed at {campaign.ClosedAt:u}; its figures are final since {rules.FinalAt(campaign):u}.");
        }
        var details = JsonSerializer.Serialize(new Dictionary<string, string> { ["volunteerId"] = VolunteerId, ["recordId"] = recordId });
        var outcome = await records.VoidAsync(CampaignId, VolunteerId, recordId,
            new AuditEntry(now, actorId, AuditActions.VoidHelp, recordId, CampaignId, why, details,
                AuditEntry.PathOf([.. campaign.AncestorsOf(context.WardId).Reverse(), context.WardId, context.TeamId, VolunteerId])));
        switch (outcome.Status)
        {
            case VoidStatus.NotFound:
                throw new DomainException("NOT_FOUND", "recordId", $"recordId: volunteer '{VolunteerId}' has no record '{recordId}' in this campaign.");
            case VoidStatus.Voided:
                // Voids are rare; counting afresh from the records keeps the leaf exactly what reconcile computes.
                await ReadRecords();
                _report?.Changed();
                break;
            case VoidStatus.AlreadyVoided:
                ReportAgain();
                break;
        }
        return new VoidResult(recordId, outcome.VoidedAt!.Value, outcome.Status == VoidStatus.AlreadyVoided);
    }

    public async Task<Tally> GetTally() => await Exists() ? CurrentTally() : Tally.Empty;

    public async Task<Tally> Recount()
    {
        if (!await Exists())
        {
            return Tally.Empty;
        }
        await ReadRecords();
        _report?.Changed();
        return CurrentTally();
    }

    /// <summary>
    /// A roster lists an import's volunteers before they are written, and an import that stopped
    /// leaves ids the same file fills when sent again. Until then such an id is nobody, who has
    /// helped no one; the levels above must not fail over it.
    /// </summary>
    private async Task<bool> Exists()
    {
        try
        {
            await Load();
            return true;
        }
        catch (DomainException missing) when (missing is { Code: "NOT_FOUND", Field: "volunteerId" })
        {
            return false;
        }
    }

    private async Task<Context> Load()
    {
        if (_context is { } loaded)
        {
            return loaded;
        }
        var loading = _loading ??= LoadContext();
        try
        {
            _context = await loading;
            return _context;
        }
        finally
        {
            // Done either way: a failed load (a volunteer created later, or a database back after a blip) deserves another try.
            if (ReferenceEquals(_loading, loading))
            {
                _loading = null;
            }
        }
    }

    private Task<CampaignInfo> Campaign() => cache.GetAsync(CampaignId, async () =>
        await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).Get() ?? throw DomainException.NotFound("campaignId", CampaignId));

    private async Task<Context> LoadContext()
    {
        var campaign = await Campaign();
        var context = State is { TeamId: { } keptTeam, WardId: { } keptWard }
            ? new Context(keptTeam, keptWard)
            : await AskTeamAndWard();
        (State.TeamId, State.WardId) = context;
        await ReadRecords();
        if (!campaign.WardIds.Contains(context.WardId))
        {
            throw DomainException.Invalid("volunteerId", $"Volunteer '{VolunteerId}' belongs to a ward campaign '{campaign.Name}' does not cover.");
        }
        _report ??= CoalescedReport.FromDay(this, ReportToTeam, CoalescedReport.Coalesce);
        return context;
    }

    /// <summary>
    /// The team level is looked up at each report rather than held: a day reports at a person's pace, a help every few
    /// minutes, and a held reference with the closure that kept it was ~80 B of every working volunteer's day.
    /// </summary>
    private Task ReportToTeam() =>
        GrainFactory.Reference<ITallyGrain>(Ids.Scoped(CampaignId, _context!.TeamId)).Report(VolunteerId, CurrentTally(), _recent.Drain());

    private async Task<Context> AskTeamAndWard()
    {
        var volunteer = await GrainFactory.GetGrain<IVolunteerGrain>(VolunteerId).Get() ?? throw DomainException.NotFound("volunteerId", VolunteerId);
        var team = await GrainFactory.GetGrain<ITeamGrain>(volunteer.TeamId).Get() ?? throw DomainException.NotFound("teamId", volunteer.TeamId);
        return new Context(team.Id, team.WardId);
    }

    private async Task ReadRecords()
    {
        var stored = await records.VolunteerAsync(CampaignId, VolunteerId);
        _helps = HelpCounter.Of(stored.Live);
        _recordChanges = stored.Changes;
    }

    private void Count(HelpRecord record)
    {
        var channel = Codes<Channel>.Of(record.Channel);
        var outcome = Codes<Outcome>.Of(record.Outcome);
        _helps.Add(record.Service, record.Procedure is { } procedure ? Codes<Procedure>.Of(procedure) : null, channel, outcome, 1, record.Minutes);
        _recordChanges++;
        _recent.Add(new HelpEvent(record.Service, channel, outcome, record.PlaceId, record.TeamId, record.WardId, record.OccurredAt));
        _report?.Changed();
    }

    /// <summary>Records in the tally, plus check-ins and check-outs, so the version moves on every change a parent must see.</summary>
    private Tally CurrentTally()
    {
        var shiftEvents = Shifts.Length + Shifts.Count(s => s.CheckedOutAt is not null);
        var open = OpenShift;
        var counted = _helps.ToTally();
        return counted with
        {
            Version = _recordChanges + shiftEvents,
            OnDuty = open is null ? 0 : 1,
            ActivePlaces = open is null ? [] : [open.PlaceId],
            PlacesCovered = open is null ? 0 : 1,
        };
    }

    private async Task<HelpRecord> ToRecord(HelpEntry entry, CampaignInfo campaign, Context context, DateTimeOffset now)
    {
        ValidateClientId(entry.RecordId, "recordId");
        var at = TapTime(campaign, entry.OccurredAt, now, "occurredAt");
        if (!campaign.Services.Any(s => s.Code == entry.Service))
        {
            throw DomainException.Invalid("service", $"'{entry.Service}' is not in the service catalogue of campaign '{campaign.Name}'.");
        }
        if (entry.Service == Catalogue.OnlineApplication && entry.Procedure is null)
        {
            throw DomainException.Invalid("procedure", "An online application names its procedure.");
        }
        if (entry.Service != Catalogue.OnlineApplication && entry.Procedure is not null)
        {
            throw DomainException.Invalid("procedure", $"A procedure is recorded only for {Catalogue.OnlineApplication}, not for '{entry.Service}'.");
        }
        if (entry.Minutes is < 0 or > MaxMinutes)
        {
            throw DomainException.Invalid("minutes", $"minutes must be between 0 and {MaxMinutes}; got {entry.Minutes}.");
        }
        var shift = Shifts.LastOrDefault(s => at >= s.CheckedInAt - ClockSkew && at <= (s.CheckedOutAt ?? now) + ClockSkew)
            ?? throw (Shifts.IsEmpty ? NotCheckedIn() : DomainException.Invalid("occurredAt", $"At {at:u} you were not checked in."));
        var placeId = entry.PlaceId ?? shift.PlaceId;
        if (placeId != shift.PlaceId && !await IsTeamPlace(context, placeId, fresh: false))
        {
            throw PlaceNotAssigned(placeId);
        }
        return new HelpRecord(CampaignId, entry.RecordId, VolunteerId, context.TeamId, context.WardId, placeId,
            entry.Service, entry.Procedure, entry.Channel, entry.Outcome, entry.Minutes, at);
    }

    private static void ValidateClientId(string? id, string field)
    {
        if (string.IsNullOrEmpty(id) || id.Length > 64 || !ClientIdPattern().IsMatch(id))
        {
            throw DomainException.Invalid(field, $"{field} must be 1-64 letters, digits, '-', '_', '.' or ':' made by the phone.");
        }
    }

    private async Task<bool> IsTeamPlace(Context context, string placeId, bool fresh)
    {
        var assignments = GrainFactory.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(CampaignId, context.WardId));
        if (fresh)
        {
            cache.Invalidate(WardAssignmentsGrain.PlacesOfTeamKey(CampaignId, context.TeamId));
        }
        var places = await cache.GetAsync(WardAssignmentsGrain.PlacesOfTeamKey(CampaignId, context.TeamId),
            async () => (await assignments.List()).Where(a => a.TeamId == context.TeamId).Select(a => a.PlaceId).ToImmutableHashSet());
        return places.Contains(placeId);
    }

    private static DomainException NotRunning(CampaignInfo campaign) =>
        DomainException.Conflict("campaignId", $"Campaign '{campaign.Name}' is {campaign.Status}, not running.");

    private static DomainException NotCheckedIn() =>
        new("NOT_CHECKED_IN", "checkIn", "Check in at one of your team's places before logging.");

    private static DomainException PlaceNotAssigned(string placeId) =>
        new("PLACE_NOT_ASSIGNED", "placeId", $"Place '{placeId}' is not assigned to your team for this campaign.");

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$")]
    private static partial Regex ClientIdPattern();

    private sealed record Context(string TeamId, string WardId);
}
