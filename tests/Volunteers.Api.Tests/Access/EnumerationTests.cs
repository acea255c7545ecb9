using Volunteers.Accounts;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

/// <summary>No answer tells who has joined or what exists that the caller may not see (issue 17, finding 9).</summary>
public sealed class EnumerationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string SignInVolunteer = "mutation($p: String!, $pin: String!) { signInVolunteer(phone: $p, pin: $pin) { accessToken } }";
    private const string Counts = "query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { helps children { scopeId scopeKind volunteersOnDuty } } }";

    [Fact]
    public async Task An_unknown_phone_meets_the_same_lockout_with_the_same_answers_as_a_registered_one()
    {
        var (_, registered) = await Joined();
        var unknown = $"0{Random.Shared.Next(300_000_000, 999_999_999)}";

        var registeredAnswers = await Guess(registered);
        var unknownAnswers = await Guess(unknown);

        Assert.Equal(registeredAnswers, unknownAnswers);
        Assert.Equal("LOCKED", unknownAnswers[^1].Code);
    }

    [Fact]
    public async Task Joining_with_a_phone_that_has_an_account_answers_as_sign_in_does_and_never_says_it_has_one()
    {
        var (code, phone) = await Joined();
        var anonymous = factory.Anonymous();

        var wrongPin = await Join(anonymous, code, phone, "246801");
        var signIn = await anonymous.Error(SignInVolunteer, new { p = phone, pin = "246802" });
        var rightPin = await anonymous.Data("""
            mutation($code: String!, $phone: String!) { joinTeam(inviteCode: $code, name: "Ai đó", phone: $phone, pin: "135792") { account { scopeId } } }
            """, new { code, phone });
        var me = await anonymous.Data("mutation($p: String!) { signInVolunteer(phone: $p, pin: \"135792\") { account { scopeId } } }", new { p = phone });

        Assert.Equal((signIn.Code, signIn.Field, signIn.Message), (wrongPin.Code, wrongPin.Field, wrongPin.Message));
        Assert.DoesNotContain("account", wrongPin.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((string)me["signInVolunteer"]!["account"]!["scopeId"]!, (string)rightPin["joinTeam"]!["account"]!["scopeId"]!);
    }

    [Fact]
    public async Task Signed_out_a_missing_campaign_and_a_private_one_get_the_same_answer_and_a_wrong_scope_names_nothing()
    {
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser);
        var anonymous = factory.Anonymous();

        var missing = await anonymous.Error(Counts, new { c = "c-doesnotexist" });
        var hidden = await anonymous.Error(Counts, new { c = world.CampaignId });
        var wrongScope = await anonymous.Error(Counts, new { c = world.CampaignId, s = "u-doesnotexist" });
        var missingCampaign = await anonymous.Error("query($c: ID!) { campaign(id: $c) { name } }", new { c = "c-doesnotexist" });
        var hiddenCampaign = await anonymous.Error("query($c: ID!) { campaign(id: $c) { name } }", new { c = world.CampaignId });

        Assert.Equal(hidden, missing);
        Assert.Equal(hidden, wrongScope);
        Assert.Equal(hiddenCampaign, missingCampaign);
        Assert.Equal("UNAUTHENTICATED", hidden.Code);
        Assert.DoesNotContain("Ngày đồng loạt", wrongScope.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signed_in_a_missing_id_and_one_out_of_reach_get_the_same_answer()
    {
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser);
        var official = await World.Staff(organiser, "OFFICIAL", world.WardIds[0]);
        const string Team = "query($t: ID!) { team(id: $t) { name } }";

        var otherWard = await official.Error(Team, new { t = world.TeamIds[1] });
        var missing = await official.Error(Team, new { t = "t-doesnotexist" });

        Assert.Equal(("FORBIDDEN", "Query.team"), (otherWard.Code, otherWard.Field));
        Assert.Equal(otherWard, missing);
    }

    [Fact]
    public async Task A_public_campaign_shows_anyone_its_unit_figures_but_no_team_or_volunteer()
    {
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser);
        var campaign = (string)(await organiser.Data("""
            mutation($w: [ID!]!) { createCampaign(input: { name: "Công khai", date: "2026-09-02", startsAt: "08:00:00", endsAt: "11:00:00", wardIds: $w, isPublic: true }) { id } }
            """, new { w = world.WardIds }))["createCampaign"]!["id"]!;
        await organiser.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
            new { c = campaign, p = world.DeskIds[0], t = world.TeamIds[0] });
        await organiser.Data("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = campaign });
        var volunteerId = world.VolunteerIds[0][0];
        await world.Volunteer(organiser, volunteerId).Data("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
            new { c = campaign, v = volunteerId, p = world.DeskIds[0] });
        var anonymous = factory.Anonymous();
        // Roll-ups are coalesced: wait until the organiser's view has the team that is on duty.
        var asOrganiser = (await organiser.Data(Counts, new { c = campaign, s = world.WardIds[0] }))["counts"]!;
        for (var tries = 0; tries < 100 && asOrganiser["children"]!.AsArray().Count == 0; tries++)
        {
            await Task.Delay(100);
            asOrganiser = (await organiser.Data(Counts, new { c = campaign, s = world.WardIds[0] }))["counts"]!;
        }

        var ward = (await anonymous.Data(Counts, new { c = campaign, s = world.WardIds[0] }))["counts"]!;
        var team = await anonymous.Error(Counts, new { c = campaign, s = world.TeamIds[0] });
        var volunteer = await anonymous.Error(Counts, new { c = campaign, s = volunteerId });

        Assert.Equal(0, (int)ward["helps"]!);
        Assert.DoesNotContain(ward["children"]!.AsArray(), c => (string)c!["scopeKind"]! is "TEAM" or "VOLUNTEER");
        Assert.Contains(asOrganiser["children"]!.AsArray(), c => (string)c!["scopeKind"]! == "TEAM");
        Assert.Equal("UNAUTHENTICATED", team.Code);
        Assert.Equal("UNAUTHENTICATED", volunteer.Code);
    }

    private async Task<List<(string? Code, string? Field, string Message)>> Guess(string phone)
    {
        var anonymous = factory.Anonymous();
        var answers = new List<(string?, string?, string)>();
        for (var i = 0; i < AccountGrain.MaxFailures + 2; i++)
        {
            var error = await anonymous.Error(SignInVolunteer, new { p = phone, pin = $"{200000 + i}" });
            // The time the lockout ends differs by the moment it began; the rest of the answer must not.
            answers.Add((error.Code, error.Field, System.Text.RegularExpressions.Regex.Replace(error.Message, @"\d\d:\d\d", "hh:mm")));
        }
        return answers;
    }

    private static async Task<GraphQLError> Join(GraphQLClient anonymous, string code, string phone, string pin) =>
        await anonymous.Error("""
            mutation($code: String!, $phone: String!, $pin: String!) { joinTeam(inviteCode: $code, name: "Ai đó", phone: $phone, pin: $pin) { accessToken } }
            """, new { code, phone, pin });

    private async Task<(string Code, string Phone)> Joined()
    {
        var organiser = factory.GraphQL();
        var world = await World.Create(organiser, start: false);
        var code = (string)(await organiser.Data("query($t: ID!) { teamInvite(teamId: $t) { code } }", new { t = world.TeamIds[0] }))["teamInvite"]!["code"]!;
        var phone = $"0{Random.Shared.Next(300_000_000, 999_999_999)}";
        await World.Join(factory.Anonymous(), code, phone);
        return (code, phone);
    }
}
