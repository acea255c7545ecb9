using GraphQL.Types;

namespace Volunteers.Api.GraphQL;

/// <summary>The root mutation: each feature adds its own changes, in this order, which is the order of api/schema.graphql.</summary>
public sealed class VolunteersMutation : ObjectGraphType
{
    public VolunteersMutation()
    {
        Name = "Mutation";
        PlaceFields.Mutations(this);
        CampaignFields.Mutations(this);
        TeamFields.Mutations(this);
        AssignmentFields.Mutations(this);
        VolunteeringFields.Mutations(this);
        CorrectionFields.Mutations(this);
        ImportFields.Mutations(this);
        AccountFields.Mutations(this);
        MessageFields.Mutations(this);
        TeamDayFields.Mutations(this);
        FiguresClosingFields.Mutations(this);
    }
}
