using GraphQL;
using GraphQL.Types;
using Volunteers.Api.Access;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Live;
using Volunteers.Messages;

namespace Volunteers.Api.GraphQL;

/// <summary>Messages from leaders, officials and organisers to teams, added to Query, Mutation and Subscription.</summary>
public static class MessageFields
{
    public const int DefaultLimit = 50;

    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<MessageType>>>>("messages")
            .Description($"The volunteer's team's messages, newest first, with their own read marks; a team keeps its newest {Inbox.Keep}.")
            .Argument<IntGraphType>("limit", $"At most this many; {DefaultLimit} when left out.")
            .ResolveAsync(async c => await (await InboxOf(c)).List(c.Access().Caller.ScopeId!, c.GetArgument<int?>("limit") ?? DefaultLimit));
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SentMessageType>>("sendMessage")
            .Description($"Sends a short message (at most {Inbox.MaxText} characters, to forward on Zalo as it is) to a team, to every team of a ward, or to those of every ward below a district or province.")
            .Argument<NonNullGraphType<IdGraphType>>("scopeId")
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .ResolveAsync(async c =>
            {
                var caller = c.Access().Caller;
                return await c.Grains().GetGrain<IMessageSenderGrain>(0).Send(new Sender(caller.Role!.Value, caller.Subject!, caller.ScopeId!),
                    c.GetArgument<string>("scopeId"), c.GetArgument<string>("text"));
            });

        mutation.Field<NonNullGraphType<IntGraphType>>("markMessagesRead")
            .Description("Marks messages of the volunteer's team read for them; answers how many stay unread. Ids no longer kept are passed over.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .ResolveAsync(async c =>
            {
                var ids = c.GetArgument<List<string>>("ids");
                if (ids.Count > Inbox.Keep)
                {
                    throw DomainException.Invalid("ids", $"At most {Inbox.Keep} ids per call, as many as a team keeps; got {ids.Count}.");
                }
                return await (await InboxOf(c)).MarkRead(c.Access().Caller.ScopeId!, [.. ids]);
            });
    }

    public static void Subscriptions(ObjectGraphType subscription)
    {
        subscription.Field<NonNullGraphType<MessageType>>("messages")
            .Description("Each new message of the volunteer's team as it is sent, unread.")
            // Without a resolver of its own, each event (an unread message) is what the selection set reads.
            .ResolveStreamAsync(async c =>
            {
                await DecidedBeforeStreaming(c);
                return await c.RequestServices!.GetRequiredService<InboxFeed>().Stream(await TeamOf(c));
            });
    }

    /// <summary>
    /// GraphQL.NET runs field middleware around the resolver of each event, not around the stream's resolver, so
    /// the field's rule is asked here as the middleware would ask it, before an inbox is followed for anyone.
    /// </summary>
    private static async Task DecidedBeforeStreaming(IResolveFieldContext context)
    {
        var access = context.Access();
        var coordinate = $"{context.ParentType.Name}.{context.FieldDefinition.Name}";
        if (!access.Caller.IsSignedIn || AccessRules.For(context.ParentType.Name, context.FieldDefinition.Name)?.Before is not { } before || !await before(access, context))
        {
            throw AccessMiddleware.Denied(access.Caller, coordinate);
        }
    }

    /// <summary>The caller's team, where they stand: the rules let volunteers alone reach these fields.</summary>
    private static async Task<string> TeamOf(IResolveFieldContext context) =>
        (await context.Access().Home()).TeamId ?? throw DomainException.NotFound("volunteerId", context.Access().Caller.ScopeId ?? "");

    private static async Task<ITeamInboxGrain> InboxOf(IResolveFieldContext context) =>
        context.Grains().GetGrain<ITeamInboxGrain>(await TeamOf(context));
}
