using GraphQL.Types;
using Volunteers.Messages;

namespace Volunteers.Api.GraphQL.Types;

public sealed class MessageType : ObjectGraphType<InboxMessage>
{
    public MessageType()
    {
        Name = "Message";
        Description = "A short message to a volunteer's team from its leader, the ward's official or an organiser above, with whether the volunteer has read it.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Message.Id);
        Field<NonNullGraphType<RoleType>>("senderRole").Resolve(c => c.Source.Message.SenderRole);
        Field<NonNullGraphType<StringGraphType>>("senderName").Description("The sender's login.").Resolve(c => c.Source.Message.SenderName);
        Field<NonNullGraphType<StringGraphType>>("senderUnit").Description("Where the sender sits: their team, ward, district or province.").Resolve(c => c.Source.Message.SenderUnit);
        Field<NonNullGraphType<IdGraphType>>("scopeId").Description("Where it was sent: the team, the ward or a unit above wards.").Resolve(c => c.Source.Message.ScopeId);
        Field<NonNullGraphType<StringGraphType>>("scopeName").Resolve(c => c.Source.Message.ScopeName);
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Message.Text);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("sentAt").Resolve(c => c.Source.Message.SentAt);
        Field<NonNullGraphType<BooleanGraphType>>("read").Resolve(c => c.Source.Read);
    }
}

public sealed class SentMessageType : ObjectGraphType<SentMessage>
{
    public SentMessageType()
    {
        Name = "SentMessage";
        Description = "A message sent: kept in the inbox of every team of its scope.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Message.Id);
        Field<NonNullGraphType<IdGraphType>>("scopeId").Resolve(c => c.Source.Message.ScopeId);
        Field<NonNullGraphType<StringGraphType>>("scopeName").Resolve(c => c.Source.Message.ScopeName);
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Message.Text);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("sentAt").Resolve(c => c.Source.Message.SentAt);
        Field<NonNullGraphType<IntGraphType>>("teams").Description("How many teams' inboxes hold it.").Resolve(c => c.Source.Teams);
    }
}
