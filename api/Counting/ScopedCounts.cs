using System.Collections.Immutable;
using Volunteers.Campaigns;
using Volunteers.Tallies;

namespace Volunteers.Api.Counting;

public enum ScopeKind
{
    Campaign,
    Unit,
    Team,
    Volunteer,
}

public sealed record ServiceProgress(string Service, int Target, int Done)
{
    /// <summary>Share of the target reached, in percent; null where no target was set.</summary>
    public double? Percent => Target > 0 ? Math.Round(Done * 100.0 / Target, 1) : null;
}

/// <summary>The counts of one scope of a campaign, with the targets that apply to it.</summary>
public sealed record ScopedCounts(CampaignInfo Campaign, string ScopeId, ScopeKind Kind, Tally Tally, ImmutableArray<Target> Targets)
{
    /// <summary>
    /// The levels directly below, read in the same instant as <see cref="Tally"/>, whose sum it is;
    /// null when they were not read with it.
    /// </summary>
    public ImmutableArray<ScopedCounts>? Children { get; init; }

    public IEnumerable<ServiceProgress> Progress =>
        Campaign.Services
            .Select(s => new ServiceProgress(s.Code, Targets.Where(t => t.Service == s.Code).Sum(t => t.Count), Tally.ByService.GetValueOrDefault(s.Code)))
            .Where(p => p.Target > 0 || p.Done > 0);

    /// <summary>All targets of the scope together: helps of the targeted services against the sum of their targets.</summary>
    public ServiceProgress Overall
    {
        get
        {
            var targeted = Progress.Where(p => p.Target > 0).ToList();
            return new ServiceProgress("all", targeted.Sum(p => p.Target), targeted.Sum(p => p.Done));
        }
    }

    public double? AverageMinutes => Tally.Helps > 0 ? Math.Round((double)Tally.Minutes / Tally.Helps, 1) : null;
}
