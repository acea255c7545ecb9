using GraphQL.Types;

namespace Volunteers.Api.GraphQL;

public sealed class VolunteersSchema : Schema
{
    public VolunteersSchema(IServiceProvider services) : base(services)
    {
        Query = services.GetRequiredService<VolunteersQuery>();
        Mutation = services.GetRequiredService<VolunteersMutation>();
        Subscription = services.GetRequiredService<VolunteersSubscription>();
        StandardIntrospection.Enable(this);
        Description = "Community digital-technology teams (Tổ công nghệ số cộng đồng) on campaign days.";
    }
}
