using GraphQL.Types;
using Volunteers.Places;

namespace Volunteers.Api.GraphQL.Types;

/// <summary>One ward of a campaign as its organiser checks it before and during the day.</summary>
public sealed record WardReadiness(UnitInfo Ward, int Teams, int Volunteers, int VolunteersOnDuty, int Places, int UncoveredPlaces);

public sealed class WardReadinessType : ObjectGraphType<WardReadiness>
{
    public WardReadinessType()
    {
        Name = "WardReadiness";
        Description = "Whether a ward of a campaign is ready: its teams, volunteers, and places with no team assigned.";
        Field<NonNullGraphType<IdGraphType>>("wardId").Resolve(c => c.Source.Ward.Id);
        Field<NonNullGraphType<UnitType>>("ward").Resolve(c => c.Source.Ward);
        Field<NonNullGraphType<IntGraphType>>("teams").Resolve(c => c.Source.Teams);
        Field<NonNullGraphType<IntGraphType>>("volunteers").Description("On the ward's team rosters.").Resolve(c => c.Source.Volunteers);
        Field<NonNullGraphType<IntGraphType>>("volunteersOnDuty").Description("Checked in now.").Resolve(c => c.Source.VolunteersOnDuty);
        Field<NonNullGraphType<IntGraphType>>("places").Description("Neighbourhoods and desks of the ward.").Resolve(c => c.Source.Places);
        Field<NonNullGraphType<IntGraphType>>("uncoveredPlaces").Description("Places no team is assigned to for the campaign.").Resolve(c => c.Source.UncoveredPlaces);
    }
}
