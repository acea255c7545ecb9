using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Volunteering;

namespace Volunteers.Api.GraphQL;

/// <summary>A volunteer's campaign day from their phone: check-in, check-out and the helps they log.</summary>
public static class VolunteeringFields
{
    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CheckInIntervalType>>("checkIn")
            .Description("Checks in at a place at the phone's time of the tap. A resend with the same tapId answers the same shift.")
            .Arguments(DayArguments())
            .Argument<NonNullGraphType<IdGraphType>>("placeId")
            .Arguments(TapArguments())
            .ResolveAsync(async c => await Day(c).CheckIn(Ids.Require(c.GetArgument<string>("placeId"), "placeId", Ids.Unit),
                c.GetArgument<DateTimeOffset?>("at"), c.GetArgument<string?>("tapId")));

        mutation.Field<NonNullGraphType<CheckInIntervalType>>("checkOut")
            .Description("Ends the open shift at the phone's time of the tap. A resend with the same tapId answers the same shift.")
            .Arguments(DayArguments())
            .Arguments(TapArguments())
            .ResolveAsync(async c => await Day(c).CheckOut(c.GetArgument<DateTimeOffset?>("at"), c.GetArgument<string?>("tapId")));

        mutation.Field<NonNullGraphType<ReceiptType>>("logHelp")
            .Description("Logs one citizen helped. A retry with the same recordId returns the same receipt.")
            .Arguments(DayArguments())
            .Argument<NonNullGraphType<HelpInputType>>("help")
            .ResolveAsync(async c =>
            {
                var result = (await Day(c).Log([c.GetArgument<HelpInput>("help").ToEntry()]))[0];
                return result.Receipt ?? throw result.Error!;
            });

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<LogResultType>>>>("logHelps")
            .Description("Logs a batch, as a phone sends after being offline: each record gets its own receipt or error.")
            .Arguments(DayArguments())
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<HelpInputType>>>>("helps")
            .ResolveAsync(async c => await Day(c).Log([.. c.GetArgument<List<HelpInput>>("helps").Select(h => h.ToEntry())]));
    }

    private static QueryArguments TapArguments() => new(
        new QueryArgument<DateTimeOffsetGraphType>
        {
            Name = "at",
            Description = "When the volunteer tapped, on the phone's clock; now when left out. Bounded like a help's occurredAt.",
        },
        new QueryArgument<IdGraphType> { Name = "tapId", Description = "Made by the phone, so a resend names the same tap." });

    internal static QueryArguments DayArguments() => new(
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "campaignId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "volunteerId" });

    /// <summary>
    /// The volunteer's day grain, without asking the campaign or volunteer grains first: the day
    /// grain checks both (the campaign through a per-silo cache), and a campaign grain asked on
    /// every log would serialise the whole campaign day.
    /// </summary>
    internal static IVolunteerDayGrain Day(IResolveFieldContext context)
    {
        var campaignId = Ids.Require(context.GetArgument<string>("campaignId"), "campaignId", Ids.Campaign);
        var volunteerId = Ids.Require(context.GetArgument<string>("volunteerId"), "volunteerId", Ids.Volunteer);
        return context.Grains().Reference<IVolunteerDayGrain>(Ids.Scoped(campaignId, volunteerId));
    }
}
