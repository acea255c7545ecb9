using GraphQL;
using GraphQL.Types;
using Volunteers.Accounts;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Teams;

namespace Volunteers.Api.GraphQL;

/// <summary>Teams and their rosters: a team and a volunteer read, a team created in a ward, a volunteer added to a team.</summary>
public static class TeamFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<TeamType>>("team")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = Ids.Require(c.GetArgument<string>("id"), "id", Ids.Team);
                return await c.Grains().GetGrain<ITeamGrain>(id).Get().Existing("id", id);
            });

        query.Field<NonNullGraphType<VolunteerType>>("volunteer")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var id = Ids.Require(c.GetArgument<string>("id"), "id", Ids.Volunteer);
                return await c.Grains().GetGrain<IVolunteerGrain>(id).Get().Existing("id", id);
            });
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<TeamType>>("createTeam")
            .Argument<NonNullGraphType<IdGraphType>>("wardId")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await c.Grains().GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create(
                c.GetArgument<string>("name"), Ids.Require(c.GetArgument<string>("wardId"), "wardId", Ids.Unit)));

        mutation.Field<NonNullGraphType<VolunteerType>>("addVolunteer")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("phone")
            .Argument<StringGraphType>("branch")
            .ResolveAsync(async c =>
            {
                var teamId = Ids.Require(c.GetArgument<string>("teamId"), "teamId", Ids.Team);
                await RequireNewPhone(c.Grains(), teamId, c.GetArgument<string>("phone"));
                return await c.Grains().GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(new NewVolunteer(
                    c.GetArgument<string>("name"), c.GetArgument<string>("phone"), c.GetArgument<string?>("branch"), teamId));
            });
    }

    /// <summary>A team lists a phone once, however it is spelled (0912000003 or +84 912 000 003).</summary>
    private static async Task RequireNewPhone(IGrainFactory grains, string teamId, string phone)
    {
        var login = Logins.OfPhone(Validate.Phone(phone, "phone"));
        var team = await grains.GetGrain<ITeamGrain>(teamId).Get() ?? throw DomainException.NotFound("teamId", teamId);
        var members = await Task.WhenAll(team.VolunteerIds.Select(id => grains.GetGrain<IVolunteerGrain>(id).Get()));
        if (members.Any(m => m is { Phone.Length: > 0 } && Logins.OfPhone(m.Phone) == login))
        {
            throw new DomainException("DUPLICATE", "phone", $"phone '{phone}' is on the roster of team '{team.Name}' already.");
        }
    }
}
