using GraphQL.Types;
using System.Collections.Immutable;
using Volunteers.Accounts;
using Volunteers.Api.Access;
using Volunteers.Api.Accounts;
using Volunteers.Api.Counting;
using Volunteers.Campaigns;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Api.GraphQL.Types;

public sealed class RoleType : EnumerationGraphType<Role>
{
    public RoleType()
    {
        Name = "Role";
        Description = "Organiser (a province or district), official (a ward), team leader (a team), volunteer (themself).";
    }
}

public sealed class AccountType : ObjectGraphType<AccountInfo>
{
    public AccountType()
    {
        Name = "Account";
        Field<StringGraphType>("username").Description("Staff only; volunteers sign in with their phone.")
            .Resolve(c => c.Source.Login.StartsWith("user:", StringComparison.Ordinal) ? c.Source.Login[5..] : null);
        Field<NonNullGraphType<RoleType>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<IdGraphType>>("scopeId").Description("The unit, team or volunteer the account acts for.").Resolve(c => c.Source.ScopeId);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("createdAt").Resolve(c => c.Source.CreatedAt);
    }
}

public sealed class SessionType : ObjectGraphType<SessionTokens>
{
    public SessionType()
    {
        Name = "Session";
        Description = "A signed-in session: a short-lived access token (Authorization: Bearer) and a refresh token that is replaced at each use.";
        Field<NonNullGraphType<StringGraphType>>("accessToken").Resolve(c => c.Source.AccessToken);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("expiresAt").Description("When the access token stops working.").Resolve(c => c.Source.ExpiresAt);
        Field<StringGraphType>("refreshToken").Description("Use once with refreshSession; keep it secret. Null when it went to the browser's HttpOnly cookie (X-Refresh-Cookie: 1).").Resolve(c => c.Source.RefreshToken);
        Field<NonNullGraphType<AccountType>>("account").Resolve(c => c.Source.Account);
    }
}

public sealed class MeType : ObjectGraphType<Caller>
{
    public MeType()
    {
        Name = "Me";
        Field<NonNullGraphType<StringGraphType>>("subject").Description("A staff login, or a volunteer's id.").Resolve(c => c.Source.Subject);
        Field<NonNullGraphType<RoleType>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<IdGraphType>>("scopeId").Resolve(c => c.Source.ScopeId);
    }
}

public sealed record Invite(string TeamId, string Code, string Url, string QrSvg);

public sealed class InviteType : ObjectGraphType<Invite>
{
    public InviteType()
    {
        Name = "Invite";
        Description = "How volunteers join a team: the code, the link it makes, and that link as a QR code.";
        Field<NonNullGraphType<IdGraphType>>("teamId").Resolve(c => c.Source.TeamId);
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("url").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<StringGraphType>>("qrSvg").Description("An SVG image of the link.").Resolve(c => c.Source.QrSvg);
    }
}

public sealed record MyDay(CampaignInfo Campaign, ImmutableArray<CheckInInterval> Shifts, double Hours, ScopedCounts Counts);

public sealed record MyData(VolunteerInfo Volunteer, IReadOnlyList<MyDay> Days);

public sealed class MyDayType : ObjectGraphType<MyDay>
{
    public MyDayType()
    {
        Name = "MyDay";
        Field<NonNullGraphType<CampaignType>>("campaign").Resolve(c => c.Source.Campaign);
        Field<CheckInIntervalType>("shift").Description("The latest shift.").Resolve(c => c.Source.Shifts.IsEmpty ? null : c.Source.Shifts[^1]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CheckInIntervalType>>>>("shifts").Description("Every shift, oldest first.").Resolve(c => c.Source.Shifts);
        Field<NonNullGraphType<FloatGraphType>>("hours").Description("Hours given in the campaign.").Resolve(c => c.Source.Hours);
        Field<NonNullGraphType<CountsType>>("counts").Resolve(c => c.Source.Counts);
    }
}

public sealed class MyDataType : ObjectGraphType<MyData>
{
    public MyDataType()
    {
        Name = "MyData";
        Description = "Everything the platform holds about the signed-in volunteer. It holds nothing about the citizens they helped.";
        Field<NonNullGraphType<VolunteerType>>("volunteer").Resolve(c => c.Source.Volunteer);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MyDayType>>>>("days").Resolve(c => c.Source.Days);
        Field<NonNullGraphType<FloatGraphType>>("totalHours").Description("Hours given in every campaign.").Resolve(c => Math.Round(c.Source.Days.Sum(d => d.Hours), 2));
    }
}

public sealed record DemoAccount(Role Role, string Login, string Secret, string Scope);

public sealed class DemoAccountType : ObjectGraphType<DemoAccount>
{
    public DemoAccountType()
    {
        Name = "DemoAccount";
        Description = "A demo login, listed only by an embedded demo install.";
        Field<NonNullGraphType<RoleType>>("role").Resolve(c => c.Source.Role);
        Field<NonNullGraphType<StringGraphType>>("login").Description("A username, or a volunteer's phone.").Resolve(c => c.Source.Login);
        Field<NonNullGraphType<StringGraphType>>("secret").Description("The password, or a volunteer's PIN.").Resolve(c => c.Source.Secret);
        Field<NonNullGraphType<StringGraphType>>("scope").Description("The unit or team it acts for.").Resolve(c => c.Source.Scope);
    }
}
