using GraphQL.Types;

namespace Volunteers.Api.GraphQL;

/// <summary>The root subscription: each feature adds what a client may follow, in this order, which is the order of api/schema.graphql.</summary>
public sealed class VolunteersSubscription : ObjectGraphType
{
    public VolunteersSubscription()
    {
        Name = "Subscription";
        CountsFields.Subscriptions(this);
        MessageFields.Subscriptions(this);
    }
}
