using GraphQL;
using GraphQL.Types;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Api.GraphQL.Types;

public sealed class UnitKindType : EnumerationGraphType<UnitKind>
{
    public UnitKindType()
    {
        Name = "UnitKind";
        Description = "Province or city, district, ward or commune, and the places under a ward: neighbourhood, one-stop desk, service centre.";
    }
}

public sealed class UnitType : ObjectGraphType<UnitInfo>
{
    public UnitType()
    {
        Name = "Unit";
        Description = "An administrative unit or a place where volunteers work.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<UnitKindType>>("kind").Resolve(c => c.Source.Kind);
        Field<StringGraphType>("code").Description("Official statistics code (mã đơn vị hành chính), where known.").Resolve(c => c.Source.Code);
        Field<IdGraphType>("parentId").Resolve(c => c.Source.ParentId);
        Field<UnitType>("parent").ResolveAsync(async c =>
            c.Source.ParentId is null ? null : await c.Grains().GetGrain<IUnitGrain>(c.Source.ParentId).Get());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitType>>>>("children").ListSize(QueryCost.UnitChildren).ResolveAsync(async c =>
            await Task.WhenAll(c.Source.ChildIds.Select(id => c.Grains().GetGrain<IUnitGrain>(id).Get().Existing("unitId", id))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TeamType>>>>("teams").ListSize(QueryCost.WardTeams).ResolveAsync(async c =>
            await Task.WhenAll(c.Source.TeamIds.Select(id => c.Grains().GetGrain<ITeamGrain>(id).Get().Existing("teamId", id))));
    }
}

public sealed class TeamType : ObjectGraphType<TeamInfo>
{
    public TeamType()
    {
        Name = "Team";
        Description = "A community digital-technology team (Tổ công nghệ số cộng đồng) of a ward.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<IdGraphType>>("wardId").Resolve(c => c.Source.WardId);
        Field<NonNullGraphType<UnitType>>("ward").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.WardId).Get().Existing("wardId", c.Source.WardId));
        // A roster id with no volunteer yet is an import's row still being written, or left by a stopped import until the file is sent again.
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<VolunteerType>>>>("volunteers").ListSize(QueryCost.TeamVolunteers).ResolveAsync(async c =>
            (await Task.WhenAll(c.Source.VolunteerIds.Select(id => c.Grains().GetGrain<IVolunteerGrain>(id).Get()))).OfType<VolunteerInfo>());
    }
}

public sealed class VolunteerType : ObjectGraphType<VolunteerInfo>
{
    public VolunteerType()
    {
        Name = "Volunteer";
        Description = "A volunteer (tình nguyện viên) on a team's roster.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<StringGraphType>("phone")
            .Description("Seen only by the volunteer, their team leader and their ward's official; null for anyone else.")
            .Resolve(c => c.Source.Phone.Length > 0 ? c.Source.Phone : null);
        Field<StringGraphType>("branch").Description("Union branch (chi đoàn).").Resolve(c => c.Source.Branch);
        Field<NonNullGraphType<IdGraphType>>("teamId").Resolve(c => c.Source.TeamId);
        Field<NonNullGraphType<TeamType>>("team").ResolveAsync(async c =>
            await c.Grains().GetGrain<ITeamGrain>(c.Source.TeamId).Get().Existing("teamId", c.Source.TeamId));
        Field<CheckInIntervalType>("shift")
            .Description("The volunteer's latest check-in during a campaign.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c => await c.Grains().GetGrain<Volunteering.IVolunteerDayGrain>(
                Ids.Scoped(Ids.Require(c.GetArgument<string>("campaignId"), "campaignId", Ids.Campaign), c.Source.Id)).GetShift());
        Field<UnitType>("assignedPlace")
            .Description("The place the volunteer's team leader gave them for a campaign day (\"your place\"); null when none.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c => await TeamDayFields.AssignedPlace(c, c.Source.Id, c.Source.TeamId));
        Field<ListGraphType<NonNullGraphType<CheckInIntervalType>>>("shifts")
            .Description("Every shift of the volunteer in a campaign, oldest first. Seen by the volunteer, their team leader and their ward's official; null for anyone else.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c => await c.Grains().GetGrain<Volunteering.IVolunteerDayGrain>(
                Ids.Scoped(Ids.Require(c.GetArgument<string>("campaignId"), "campaignId", Ids.Campaign), c.Source.Id)).GetShifts());
        Field<FloatGraphType>("hours")
            .Description("Hours the volunteer gave in a campaign: every shift, an open one up to now or the close. Seen as shifts are.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .ResolveAsync(async c => await VolunteerHours.InCampaign(c, c.GetArgument<string>("campaignId"), c.Source.Id));
    }
}
