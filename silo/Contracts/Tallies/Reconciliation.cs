using System.Collections.Immutable;

namespace Volunteers.Tallies;

/// <summary>One level whose figures differ from the records below it.</summary>
[GenerateSerializer, Immutable]
public sealed record Mismatch(
    [property: Id(0)] string ScopeId,
    [property: Id(1)] int ExpectedHelps,
    [property: Id(2)] int ActualHelps,
    [property: Id(3)] long ExpectedMinutes,
    [property: Id(4)] long ActualMinutes);

[GenerateSerializer, Immutable]
public sealed record Reconciliation(
    [property: Id(0)] string CampaignId,
    [property: Id(1)] int Records,
    [property: Id(2)] int LevelsChecked,
    [property: Id(3)] ImmutableArray<Mismatch> Mismatches,
    [property: Id(4)] DateTimeOffset At)
{
    public bool Exact => Mismatches.IsEmpty;
}

/// <summary>
/// Proves that every roll-up level of a campaign (campaign, units, wards, teams, volunteers)
/// equals the sum of the stored records below it.
/// </summary>
public interface IReconciliationGrain : IGrainWithStringKey
{
    Task<Reconciliation> Reconcile();
}
