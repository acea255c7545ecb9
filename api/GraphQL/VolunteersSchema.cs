using GraphQL.Types;

namespace Volunteers.Api.GraphQL;

public sealed class VolunteersSchema : Schema
{
    public VolunteersSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<VolunteersQuery>();
        Mutation = services.GetRequiredService<VolunteersMutation>();
        Subscription = services.GetRequiredService<VolunteersSubscription>();
        AccountFields.AddTo((ObjectGraphType)Query, (ObjectGraphType)Mutation);
        CampaignPlanningFields.AddTo((ObjectGraphType)Query);
        MessageFields.AddTo((ObjectGraphType)Query, (ObjectGraphType)Mutation, (ObjectGraphType)Subscription);
        TeamDayFields.AddTo((ObjectGraphType)Query, (ObjectGraphType)Mutation);
        PeriodFields.AddTo((ObjectGraphType)Query);
        FiguresClosingFields.AddTo((ObjectGraphType)Query, (ObjectGraphType)Mutation);
        StandardIntrospection.Enable(this);
        Description = "Community digital-technology teams (Tổ công nghệ số cộng đồng) on campaign days.";
    }
}
