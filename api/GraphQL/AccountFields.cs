using GraphQL;
using GraphQL.Types;
using QRCoder;
using Volunteers.Accounts;
using Volunteers.Api.Access;
using Volunteers.Api.Accounts;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Campaigns;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Api.GraphQL;

/// <summary>Sign-in, sessions, accounts, invites, a volunteer's own data and the audit, added to Query and Mutation.</summary>
public static class AccountFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<MeType>>("me").Description("Who the access token says you are.")
            .Resolve(c => c.Access().Caller);

        query.Field<NonNullGraphType<MyDataType>>("myData")
            .Description("A volunteer's own data, to take away: profile, and per campaign the latest shift and their counts.")
            .ResolveAsync(async c => await MyData(c));

        query.Field<NonNullGraphType<InviteType>>("teamInvite")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .ResolveAsync(async c => Invite(c, await c.Grains().GetGrain<ITeamInviteGrain>(c.GetArgument<string>("teamId")).Current()));

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<DemoAccountType>>>>("demoAccounts")
            .Description("The demo logins of an embedded demo install; empty anywhere else.")
            .Resolve(c => Service<DemoAccounts>(c).List);
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<SessionType>>("signIn").Description("Organisers, officials and team leaders.")
            .Argument<NonNullGraphType<StringGraphType>>("username")
            .Argument<NonNullGraphType<StringGraphType>>("password")
            .ResolveAsync(async c => Cookie(c).Deliver(await Accounts(c).SignIn(c.GetArgument<string>("username"), c.GetArgument<string>("password"))));

        mutation.Field<NonNullGraphType<SessionType>>("signInVolunteer")
            .Argument<NonNullGraphType<StringGraphType>>("phone")
            .Argument<NonNullGraphType<StringGraphType>>("pin")
            .ResolveAsync(async c => Cookie(c).Deliver(await Accounts(c).SignInVolunteer(c.GetArgument<string>("phone"), c.GetArgument<string>("pin"))));

        mutation.Field<NonNullGraphType<SessionType>>("joinTeam").Description("A volunteer joins a team with its invite code and chooses a PIN of 6 to 8 digits.")
            .Argument<NonNullGraphType<StringGraphType>>("inviteCode")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("phone")
            .Argument<NonNullGraphType<StringGraphType>>("pin")
            .Argument<StringGraphType>("branch")
            .ResolveAsync(async c => Cookie(c).Deliver(await Accounts(c).Join(c.GetArgument<string>("inviteCode"), c.GetArgument<string>("name"),
                c.GetArgument<string>("phone"), c.GetArgument<string>("pin"), c.GetArgument<string?>("branch"))));

        mutation.Field<NonNullGraphType<SessionType>>("refreshSession").Description("Trades a refresh token (left out, the browser's refresh cookie) for new tokens; the old one stops working.")
            .Argument<StringGraphType>("refreshToken")
            .ResolveAsync(async c =>
            {
                var argument = c.GetArgument<string?>("refreshToken");
                return Cookie(c).Deliver(await Accounts(c).Refresh(Cookie(c).Token(argument)), fromCookie: argument is null);
            });

        mutation.Field<NonNullGraphType<BooleanGraphType>>("signOut").Description("Revokes the session of a refresh token (left out, the browser's refresh cookie) and clears that cookie.")
            .Argument<StringGraphType>("refreshToken")
            .ResolveAsync(async c =>
            {
                await Accounts(c).SignOut(Cookie(c).Token(c.GetArgument<string?>("refreshToken")));
                Cookie(c).Clear();
                return true;
            });

        mutation.Field<NonNullGraphType<StringGraphType>>("socketTicket")
            .Description("A one-time ticket, good for a minute and no longer than your token, that opens one WebSocket (the live hub, "
                + "GraphQL subscriptions) as you: its URL's ticket parameter, in place of the access token, which a URL would keep for as "
                + "long as the socket stays open and proxies log.")
            .ResolveAsync(async c => await Service<SocketTicketIssuer>(c).Issue(c.User!));

        mutation.Field<NonNullGraphType<AccountType>>("createAccount")
            .Description("An organiser creates organisers and officials in their subtree; an official, the leaders of the ward's teams.")
            .Argument<NonNullGraphType<RoleType>>("role")
            .Argument<NonNullGraphType<IdGraphType>>("scopeId")
            .Argument<NonNullGraphType<StringGraphType>>("username")
            .Argument<NonNullGraphType<StringGraphType>>("password")
            .Argument<StringGraphType>("reason")
            .ResolveAsync(async c => await Accounts(c).CreateStaff(c.GetArgument<Role>("role"), c.GetArgument<string>("scopeId"),
                c.GetArgument<string>("username"), c.GetArgument<string>("password"), c.Access().Caller.Subject!));

        mutation.Field<NonNullGraphType<InviteType>>("rotateInvite").Description("Replaces the team's invite code; the old one stops working.")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .Argument<StringGraphType>("reason")
            .ResolveAsync(async c => Invite(c, await c.Grains().GetGrain<ITeamInviteGrain>(c.GetArgument<string>("teamId")).Rotate()));

        mutation.Field<NonNullGraphType<BooleanGraphType>>("deleteMyAccount")
            .Description("Deletes the volunteer's login, name and phone. Their help records stay, under their id alone, so no count changes.")
            .Argument<StringGraphType>("reason")
            .ResolveAsync(async c =>
            {
                await Accounts(c).DeleteVolunteer(c.Access().Caller.ScopeId!);
                return true;
            });
    }

    private static T Service<T>(IResolveFieldContext context) where T : notnull => context.RequestServices!.GetRequiredService<T>();

    private static AccountService Accounts(IResolveFieldContext context) => Service<AccountService>(context);

    private static RefreshCookie Cookie(IResolveFieldContext context) => Service<RefreshCookie>(context);

    private static Invite Invite(IResolveFieldContext context, string secret)
    {
        var teamId = context.GetArgument<string>("teamId");
        var code = AccountService.InviteCode(teamId, secret);
        var url = $"{PublicBaseUrl(context)}/join?invite={Uri.EscapeDataString(code)}";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        return new Invite(teamId, code, url, new SvgQRCode(data).GetGraphic(4));
    }

    /// <summary>
    /// Where volunteers reach the app: App:PublicBaseUrl, so a forged Host header cannot point a printed QR code
    /// elsewhere. Without it (a laptop demo) the request's own address stands in.
    /// </summary>
    private static string PublicBaseUrl(IResolveFieldContext context)
    {
        if (Service<IConfiguration>(context)["App:PublicBaseUrl"] is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }
        var request = Service<IHttpContextAccessor>(context).HttpContext!.Request;
        return $"{request.Scheme}://{request.Host}";
    }

    private static async Task<MyData> MyData(IResolveFieldContext context)
    {
        var volunteerId = context.Access().Caller.ScopeId!;
        var grains = context.Grains();
        var volunteer = await grains.GetGrain<IVolunteerGrain>(volunteerId).Get().Existing("volunteerId", volunteerId);
        var wardId = (await grains.GetGrain<ITeamGrain>(volunteer.TeamId).Get().Existing("teamId", volunteer.TeamId)).WardId;
        var days = new List<MyDay>();
        foreach (var campaignId in await grains.GetGrain<ICampaignDirectoryGrain>(0).List())
        {
            var campaign = await context.Campaign(campaignId);
            if (campaign.WardIds.Contains(wardId))
            {
                var shifts = await grains.GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, volunteerId)).GetShifts();
                days.Add(new MyDay(campaign, shifts, VolunteerHours.Of(context, shifts, campaign), await context.Counts().Read(campaignId, volunteerId)));
            }
        }
        return new MyData(volunteer, days);
    }
}
