using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using Volunteers.Campaigns;
using Volunteers.Hosting;
using Volunteers.Places;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Tallies;

/// <summary>
/// One roll-up level of a campaign, keyed <c>campaignId/scopeId</c>: the campaign itself, a unit
/// of its tree, or a team. It holds each child's latest absolute tally and nothing else, so it
/// keeps no state of its own: on activation it asks its children, which is also how it heals
/// after a silo dies. It never makes a caller wait on that: it answers with what its children have
/// told it so far, marked with how many it still lacks (<see cref="Tally.Pending"/>), and corrects
/// itself as they answer or report. It reports up only a whole sum, so a partial one never replaces
/// a whole one a parent holds. Reports up the tree are coalesced by <see cref="CoalescedReport"/>.
/// Api nodes watch a level with grain observers rather than streams: each node renews one watch
/// per scope its dashboards follow, so the level keeps a handful of watchers in memory, needs no
/// stream provider or pub-sub store, and a node that dies is forgotten when its watch expires.
/// Watchers hear of changes at their own cadence (<see cref="TallyWatch.Coalesce"/>; each node then paces
/// its dashboards by how many follow), and the helps reported from below pass through to them and up to
/// the parent.
/// </summary>
public sealed class TallyGrain(VolunteerLoads volunteerLoads, SiloStopping silo, IOptions<RollUpOptions> options, ILogger<TallyGrain> logger) : Grain, ITallyGrain
{
    /// <summary>
    /// How long a read waits for a level that is still asking its children before it answers what the level
    /// holds. Far below Orleans' 30 s: at 100,000 volunteers a ward asking teams whose volunteers were all
    /// queued in <see cref="VolunteerLoads"/> waited past it for ~90 s (6,138 TimeoutExceptions). A small
    /// campaign's level is whole within it, so a reader after a restart still sees the whole sum.
    /// </summary>
    public static readonly TimeSpan WholeWithin = TimeSpan.FromSeconds(2);

    /// <summary>How many children a parent hears at the full pace of <see cref="CoalescedReport.LevelCoalesce"/>.</summary>
    public const int FullPaceSiblings = 10;

    private static readonly Tally Unheard = Tally.Empty with { Pending = 1 };

    private readonly Dictionary<string, HeldTally> _children = new(StringComparer.Ordinal);
    private readonly SharedNames _names = new();
    private readonly HashSet<string> _unheard = new(StringComparer.Ordinal);
    private readonly ObserverManager<ITallyObserver> _watchers = new(TallyWatch.Expiry, logger);
    private readonly RecentHelps _recentUp = new();
    private readonly RecentHelps _recentOut = new();
    private readonly TaskCompletionSource _whole = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Scope _scope = null!;
    private RunningSum _sum = null!;
    private Tally? _total;
    private CoalescedReport? _report;
    private CoalescedReport? _notice;

    private string CampaignId => Ids.SplitScoped(this.GetPrimaryKeyString()).CampaignId;

    private string ScopeId => Ids.SplitScoped(this.GetPrimaryKeyString()).EntityId;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _scope = await ResolveScope();
        _sum = new RunningSum(_scope.KeepPlaces);
        _unheard.UnionWith(_scope.ChildIds);
        if (_scope.ParentId is { } parentId)
        {
            var parent = GrainFactory.GetGrain<ITallyGrain>(Ids.Scoped(CampaignId, parentId));
            // A partial sum is not sent; the change that makes it whole sends it, with the helps held meanwhile.
            _report = CoalescedReport.Up(this, () => Total.IsWhole ? parent.ReportFromLevel(ScopeId, Total, _recentUp.Drain()) : Task.CompletedTask,
                ReportWindow(_scope.Siblings));
        }
        Changed();
        if (_scope.ChildrenAreTeams || (!_scope.ChildrenAreVolunteers && !_scope.ChildIds.IsEmpty))
        {
            var every = options.Value.AskLevelsEvery;
            this.RegisterGrainTimer(AskLevels, new GrainTimerCreationOptions(every, every) { KeepAlive = false });
        }
        // The children are asked after activation, not during it: a team level's 200 volunteers wait
        // their turn in VolunteerLoads behind a whole campaign's, and until activation ends no call
        // reaches the level, not even the interleaving Report its volunteers send when they change.
        AskChildren().Ignore();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_report is not null)
        {
            await _report.Flush();
        }
    }

    public Task Report(string childId, Tally tally, ImmutableArray<HelpEvent> recent)
    {
        if (!recent.IsEmpty)
        {
            if (_scope.ParentId is not null)
            {
                _recentUp.AddRange(recent);
            }
            if (_notice is not null)
            {
                _recentOut.AddRange(recent);
            }
        }
        if (Hold(childId, tally))
        {
            Changed();
        }
        else if (!recent.IsEmpty)
        {
            // A late or repeated tally can still carry helps no watcher has seen.
            _report?.Changed();
            _notice?.Changed();
        }
        return Task.CompletedTask;
    }

    public Task ReportFromLevel(string childId, Tally tally, ImmutableArray<HelpEvent> recent) => Report(childId, tally, recent);

    public async Task<LevelFigures> Watch(ITallyObserver watcher)
    {
        await WholeOrWithin();
        _watchers.Subscribe(watcher, watcher);
        _notice ??= CoalescedReport.ToWatchers(this, Notify, TallyWatch.Coalesce);
        return Figures();
    }

    public Task Unwatch(ITallyObserver watcher)
    {
        _watchers.Unsubscribe(watcher);
        return Task.CompletedTask;
    }

    public async Task<Tally> Get()
    {
        await WholeOrWithin();
        return Total;
    }

    public Task<Tally> Held() => Task.FromResult(Total);

    public async Task<ImmutableSortedDictionary<string, Tally>> Children()
    {
        await WholeOrWithin();
        return Rows();
    }

    /// <summary>
    /// A level's window up the tree, widened in proportion to the siblings that report to the same parent, so a parent
    /// hears at most <see cref="FullPaceSiblings"/> reports every <see cref="CoalescedReport.LevelCoalesce"/> (200 a
    /// second) however wide the tree grows. Under a steady load a help waits about half a window at a level, and at
    /// most a whole one; a lone one still goes at once. With 50 ms everywhere, the province of 100 wards in the growth
    /// bench's 100,000 row could hear up to 2,000 reports a second while ~2,400 helps a second were stored, so ten
    /// times the wards cost up to ten times the reports for the same helps. The window is set as the level activates.
    /// </summary>
    public static TimeSpan ReportWindow(int siblings) =>
        CoalescedReport.LevelCoalesce * Math.Max(1, (siblings + FullPaceSiblings - 1) / FullPaceSiblings);

    private Task WholeOrWithin() => _whole.Task.IsCompleted ? Task.CompletedTask : Task.WhenAny(_whole.Task, Task.Delay(WholeWithin));

    /// <summary>The total and the children it sums, from one turn of the grain, so they never disagree.</summary>
    private LevelFigures Figures() => new(Total, Rows());

    /// <summary>Every child, one not heard yet as an empty row pending, so the rows add up to the total, pending included.</summary>
    private ImmutableSortedDictionary<string, Tally> Rows()
    {
        var rows = _children.ToImmutableSortedDictionary(child => child.Key, child => child.Value.ToTally(), StringComparer.Ordinal);
        return _unheard.Count == 0 ? rows : rows.AddRange(_unheard.Select(id => KeyValuePair.Create(id, Unheard)));
    }

    public async Task<Tally> Rebuild(bool deep)
    {
        // Children can join after activation (a new team, a new member), so ask the structure again.
        _scope = await ResolveScope();
        var fresh = await Task.WhenAll(_scope.ChildIds.Select(async id => (id, await Child(id).Rebuild(deep))));
        _children.Clear();
        _unheard.Clear();
        _sum = new RunningSum(_scope.KeepPlaces);
        foreach (var (childId, tally) in fresh)
        {
            Hold(childId, tally);
        }
        Changed();
        return Total;
    }

    /// <summary>
    /// Asks every child for what it holds, keeping any newer tally a child reported meanwhile. Each answer
    /// is taken as it comes, so a reader sees the sum fill in. A child that cannot answer fails the level,
    /// and it deactivates, as a failed activation would: the next call starts afresh.
    /// </summary>
    private async Task AskChildren()
    {
        try
        {
            await Task.WhenAll(_scope.ChildIds.Select(AskChild));
        }
        catch (Exception failure)
        {
            logger.LogWarning(failure, "Roll-up level {Level} could not ask its children; it deactivates and starts afresh on the next call.", this.GetPrimaryKeyString());
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Not once the silo stops: the children it would ask may be gone already, and none can come back here. A ward reads
    /// its teams afresh each time, so a team made after the ward activated is asked too: its reports are one-way, and
    /// one lost would otherwise stay lost until the team changed again. A ward's teams only grow, and a campaign's tree
    /// of units is fixed when it is made.
    /// </summary>
    private async Task AskLevels(CancellationToken cancellationToken)
    {
        if (_scope.ChildrenAreTeams && !silo.IsStopping)
        {
            try
            {
                _scope = _scope with { ChildIds = await WardTeams(ScopeId) };
            }
            catch (Exception failure)
            {
                // The ward's unit may be on a silo that just died, when asking matters most: the teams known still are.
                logger.LogWarning(failure, "Roll-up level {Level} could not read its ward's teams; it asks those it knows.", this.GetPrimaryKeyString());
            }
        }
        if (!silo.IsStopping)
        {
            await Task.WhenAll(_scope.ChildIds.Select(AskChild));
        }
    }

    /// <summary>Takes a child's answer as it comes, so a reader sees the sum fill in.</summary>
    private async Task AskChild(string childId)
    {
        if (Hold(childId, await Child(childId).Held()))
        {
            Changed();
        }
    }

    private bool Hold(string childId, Tally tally)
    {
        var heard = _unheard.Remove(childId);
        if (_children.TryGetValue(childId, out var held))
        {
            if (!held.IsOlderThan(tally))
            {
                return heard;
            }
            _sum.Remove(held);
        }
        else
        {
            _children[childId] = held = new HeldTally();
        }
        held.Take(tally, _names);
        _sum.Add(held);
        return true;
    }

    /// <summary>
    /// The level's sum, made when read rather than at every report: a team hears a report at each change of each of its
    /// up to 200 volunteers, while its parent and watchers read it at most once a window.
    /// </summary>
    private Tally Total => _total ??= _sum.Total(_unheard.Count);

    private int Pending => _sum.Pending + _unheard.Count;

    private void Changed()
    {
        _total = null;
        if (Pending == 0)
        {
            _whole.TrySetResult();
            _report?.Changed();
        }
        _notice?.Changed();
    }

    /// <summary>
    /// Synchronous on purpose: the calls are one-way, and the manager must not be walked across an
    /// await while an interleaved <see cref="Watch"/> changes it.
    /// </summary>
    private Task Notify()
    {
        var recent = _recentOut.Drain();
        var figures = Figures();
        _watchers.Notify(watcher => { watcher.Changed(figures, recent).Ignore(); });
        return Task.CompletedTask;
    }

    private ChildLevel Child(string childId) => _scope.ChildrenAreVolunteers
        ? new VolunteerChild(GrainFactory.GetGrain<IVolunteerDayGrain>(Ids.Scoped(CampaignId, childId)), volunteerLoads)
        : new TallyChild(GrainFactory.GetGrain<ITallyGrain>(Ids.Scoped(CampaignId, childId)));

    private async Task<Scope> ResolveScope()
    {
        var campaign = await GrainFactory.GetGrain<ICampaignGrain>(CampaignId).Get();
        if (campaign is null)
        {
            return new Scope(null, [], false, false);
        }
        if (ScopeId == CampaignId)
        {
            return new Scope(null, [.. campaign.TreeChildren(null)], false, false);
        }
        if (Ids.IsKind(ScopeId, Ids.Team))
        {
            var team = await GrainFactory.GetGrain<ITeamGrain>(ScopeId).Get();
            if (team is null || !campaign.WardIds.Contains(team.WardId))
            {
                return new Scope(null, [], true, true);
            }
            return new Scope(team.WardId, team.VolunteerIds, true, true, (await WardTeams(team.WardId)).Length);
        }
        if (!campaign.Covers(ScopeId))
        {
            return new Scope(null, [], false, false);
        }
        var parentUnit = campaign.TreeParents[ScopeId];
        var siblings = campaign.TreeChildren(parentUnit).Count();
        if (campaign.WardIds.Contains(ScopeId))
        {
            return new Scope(parentUnit ?? CampaignId, await WardTeams(ScopeId), false, true, siblings);
        }
        return new Scope(parentUnit ?? CampaignId, [.. campaign.TreeChildren(ScopeId)], false, false, siblings);
    }

    private async Task<ImmutableArray<string>> WardTeams(string wardId) =>
        (await GrainFactory.GetGrain<IUnitGrain>(wardId).Get())?.TeamIds ?? [];

    /// <param name="KeepPlaces">Up to the ward, place ids are kept so two teams at one place count it once.</param>
    /// <param name="Siblings">The levels reporting to the same parent, this one included: they set its window as it activates (<see cref="ReportWindow"/>).</param>
    private sealed record Scope(string? ParentId, ImmutableArray<string> ChildIds, bool ChildrenAreVolunteers, bool KeepPlaces, int Siblings = 1)
    {
        /// <summary>A ward's level: its teams can grow while it is active, where a campaign's tree of units cannot.</summary>
        public bool ChildrenAreTeams => KeepPlaces && !ChildrenAreVolunteers;
    }

    private abstract record ChildLevel
    {
        /// <summary>What the child holds now: a level never makes its parent wait while it asks its own children.</summary>
        public abstract Task<Tally> Held();

        public abstract Task<Tally> Rebuild(bool deep);
    }

    private sealed record TallyChild(ITallyGrain Grain) : ChildLevel
    {
        public override Task<Tally> Held() => Grain.Held();

        public override Task<Tally> Rebuild(bool deep) => deep ? Grain.Rebuild(deep) : Grain.Get();
    }

    /// <summary>A leaf: its calls wait their turn in <see cref="VolunteerLoads"/>; levels above are few and never wait there, so no level holds a turn while it waits for one.</summary>
    private sealed record VolunteerChild(IVolunteerDayGrain Grain, VolunteerLoads Loads) : ChildLevel
    {
        public override Task<Tally> Held() => Loads.Run(Grain.GetTally);

        public override Task<Tally> Rebuild(bool deep) => Loads.Run<Tally>(deep ? Grain.Recount : Grain.GetTally);
    }
}
