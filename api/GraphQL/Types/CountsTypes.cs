using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Volunteers.Api.Counting;
using Volunteers.Tallies;

namespace Volunteers.Api.GraphQL.Types;

public sealed class ScopeKindType : EnumerationGraphType<ScopeKind>
{
    public ScopeKindType() => Name = "ScopeKind";
}

public sealed class KeyCountType : ObjectGraphType<KeyValuePair<string, int>>
{
    public KeyCountType()
    {
        Name = "KeyCount";
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Value);
    }
}

public sealed class ProgressType : ObjectGraphType<ServiceProgress>
{
    public ProgressType()
    {
        Name = "Progress";
        Description = "Helps of one service against its target.";
        Field<NonNullGraphType<StringGraphType>>("service").Resolve(c => c.Source.Service);
        Field<NonNullGraphType<IntGraphType>>("target").Resolve(c => c.Source.Target);
        Field<NonNullGraphType<IntGraphType>>("done").Resolve(c => c.Source.Done);
        Field<FloatGraphType>("percent").Description("Percent of the target reached; null without a target.").Resolve(c => c.Source.Percent);
    }
}

public sealed class CountsType : ObjectGraphType<ScopedCounts>
{
    public CountsType()
    {
        Name = "Counts";
        Description = "Live counts of one scope of a campaign: the campaign, a unit, a team or a volunteer.";
        Field<NonNullGraphType<IdGraphType>>("campaignId").Resolve(c => c.Source.Campaign.Id);
        Field<NonNullGraphType<IdGraphType>>("scopeId").Resolve(c => c.Source.ScopeId);
        Field<NonNullGraphType<ScopeKindType>>("scopeKind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<LongGraphType>>("version").Description("Grows with every change below this scope.").Resolve(c => c.Source.Tally.Version);
        Field<NonNullGraphType<IntGraphType>>("helps").Resolve(c => c.Source.Tally.Helps);
        Field<NonNullGraphType<LongGraphType>>("minutes").Resolve(c => c.Source.Tally.Minutes);
        Field<FloatGraphType>("averageMinutes").Resolve(c => c.Source.AverageMinutes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byService").Resolve(c => c.Source.Tally.ByService);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byChannel").Resolve(c => c.Source.Tally.ByChannel);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byOutcome").Resolve(c => c.Source.Tally.ByOutcome);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyCountType>>>>("byProcedure")
            .Description("Online applications by the procedure submitted (marital-status, birth-registration, …).").Resolve(c => c.Source.Tally.ByProcedure);
        Field<NonNullGraphType<IntGraphType>>("volunteersOnDuty").Resolve(c => c.Source.Tally.OnDuty);
        Field<NonNullGraphType<IntGraphType>>("pending")
            .Description("Units, teams or volunteers below whose counts this level has not heard yet, for a few seconds after it starts; 0 when the counts are whole.")
            .Resolve(c => c.Source.Tally.Pending);
        Field<NonNullGraphType<IntGraphType>>("placesCovered").Description("Places with a volunteer checked in now.").Resolve(c => c.Source.Tally.PlacesCovered);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProgressType>>>>("progress").Resolve(c => c.Source.Progress);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CountsType>>>>("children")
            .ListSize(QueryCost.UnitChildren)
            .Description("The counts of each unit, team or volunteer directly below, read with this scope's total when asked for with it.")
            .ResolveAsync(async c => await c.Counts().Children(c.Source));
    }
}

internal static class CountsSelection
{
    /// <summary>
    /// Reads a scope's counts for a <c>counts</c> field; when the selection asks for the children too they
    /// are read with the total in one read of the level, so the rows add up to it exactly.
    /// </summary>
    public static Task<ScopedCounts> ReadCounts(this IResolveFieldContext context, string? campaignId, string? scopeId) =>
        context.Counts().Read(campaignId, scopeId, withChildren: context.SubFields?.Values.Any(f => f.Field.Name.Value == "children") == true);
}

public sealed class MismatchType : ObjectGraphType<Mismatch>
{
    public MismatchType()
    {
        Name = "Mismatch";
        Field<NonNullGraphType<IdGraphType>>("scopeId").Resolve(c => c.Source.ScopeId);
        Field<NonNullGraphType<IntGraphType>>("expectedHelps").Resolve(c => c.Source.ExpectedHelps);
        Field<NonNullGraphType<IntGraphType>>("actualHelps").Resolve(c => c.Source.ActualHelps);
        Field<NonNullGraphType<LongGraphType>>("expectedMinutes").Resolve(c => c.Source.ExpectedMinutes);
        Field<NonNullGraphType<LongGraphType>>("actualMinutes").Resolve(c => c.Source.ActualMinutes);
    }
}

public sealed class ReconciliationType : ObjectGraphType<Reconciliation>
{
    public ReconciliationType()
    {
        Name = "Reconciliation";
        Description = "Whether every level of a campaign equals the sum of the stored records below it.";
        Field<NonNullGraphType<BooleanGraphType>>("exact").Resolve(c => c.Source.Exact);
        Field<NonNullGraphType<IntGraphType>>("records").Description("Live (not voided) help records stored.").Resolve(c => c.Source.Records);
        Field<NonNullGraphType<IntGraphType>>("levelsChecked").Resolve(c => c.Source.LevelsChecked);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MismatchType>>>>("mismatches").Resolve(c => c.Source.Mismatches);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("at").Resolve(c => c.Source.At);
    }
}
