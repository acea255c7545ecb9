using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Figures;

namespace Volunteers.Api.GraphQL;

/// <summary>Figures over a period of campaign days: a week, a month, since the launch, units side by side.</summary>
public static class PeriodFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<PeriodCountsType>>("periodCounts")
            .Description("The campaign days covering a unit dated from `from` to `to` (Vietnam's local days, both included), added up from the stored records, with the units directly below side by side and the volunteer-hours of their shifts.")
            .Argument<NonNullGraphType<IdGraphType>>("unitId")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("from")
            .Argument<NonNullGraphType<DateOnlyGraphType>>("to")
            .ResolveAsync(async c => await c.Grains().GetGrain<IPeriodFiguresGrain>(Ids.Require(c.GetArgument<string>("unitId"), "unitId", Ids.Unit))
                .Figures(c.GetArgument<DateOnly>("from"), c.GetArgument<DateOnly>("to")));
    }
}
