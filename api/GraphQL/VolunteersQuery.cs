using GraphQL.Types;

namespace Volunteers.Api.GraphQL;

/// <summary>
/// The root query: each feature adds its own fields, in this order, which is the order of api/schema.graphql.
/// A new feature is a class beside these (<c>Queries</c>, <c>Mutations</c>, <c>Subscriptions</c> as it needs) and a line here.
/// </summary>
public sealed class VolunteersQuery : ObjectGraphType
{
    public VolunteersQuery()
    {
        Name = "Query";
        CampaignFields.Queries(this);
        PlaceFields.Queries(this);
        TeamFields.Queries(this);
        CountsFields.Queries(this);
        ReportFields.Queries(this);
        CorrectionFields.Queries(this);
        ImportFields.Queries(this);
        AssignmentFields.Queries(this);
        AccountFields.Queries(this);
        CampaignPlanningFields.Queries(this);
        MessageFields.Queries(this);
        TeamDayFields.Queries(this);
        PeriodFields.Queries(this);
        FiguresClosingFields.Queries(this);
    }
}
