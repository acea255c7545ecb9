using System.Net;
using System.Text;

namespace Volunteers.Tests.Core;

/// <summary>Every refusal names the field and the reason, and none is a 500 or shows a stack trace.</summary>
public sealed class BadInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Theory]
    [InlineData("{ reconcile(campaignId: \"not-even-an-id\") { exact } }", "campaignId")]
    public async Task Unknown_ids_are_named(string query, string field)
    {
        var error = await _api.Error(query);

        Assert.Equal(("NOT_FOUND", field), (error.Code, error.Field));
    }

    /// <summary>An id that does not exist is answered as one out of reach, so no answer tells what exists beyond the caller's scope.</summary>
    [Theory]
    [InlineData("{ unit(id: \"u-doesnotexist\") { name } }", "Query.unit")]
    [InlineData("{ team(id: \"t-doesnotexist\") { name } }", "Query.team")]
    [InlineData("{ volunteer(id: \"v-doesnotexist\") { name } }", "Query.volunteer")]
    [InlineData("{ campaign(id: \"c-doesnotexist\") { name } }", "Query.campaign")]
    [InlineData("{ counts(campaignId: \"c-doesnotexist\") { helps } }", "Query.counts")]
    [InlineData("{ units(parentId: \"u-doesnotexist\") { id } }", "Query.units")]
    public async Task Unknown_ids_get_the_answer_of_ids_out_of_reach(string query, string field)
    {
        var error = await _api.Error(query);

        Assert.Equal(("FORBIDDEN", field, $"{field} is outside what your account may do or see, or does not exist."), (error.Code, error.Field, error.Message));
    }

    [Fact]
    public async Task Logging_for_a_campaign_that_is_not_running_is_refused()
    {
        var world = await World.Create(_api, start: false);

        var checkIn = await world.Volunteer(_api, world.VolunteerIds[0][0]).Error(
            "mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
            new { c = world.CampaignId, v = world.VolunteerIds[0][0], p = world.DeskIds[0] });
        var log = await World.Log(_api, world, world.VolunteerIds[0][0], World.Help("planned-1"));

        Assert.Equal("campaignId", checkIn.Field);
        Assert.Contains("Planned", checkIn.Message, StringComparison.Ordinal);
        Assert.Equal("campaignId", log.Field);
    }

    [Fact]
    public async Task Logging_without_a_check_in_is_refused()
    {
        var world = await World.Create(_api);

        var error = await World.Log(_api, world, world.VolunteerIds[0][0], World.Help("no-check-in"));

        Assert.Equal(("NOT_CHECKED_IN", "checkIn"), (error.Code, error.Field));
    }

    [Fact]
    public async Task Checking_in_or_logging_at_another_teams_place_is_refused()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][0];

        var checkIn = await world.Volunteer(_api, volunteer).Error(
            "mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
            new { c = world.CampaignId, v = volunteer, p = world.DeskIds[1] });
        await world.CheckIn(_api, volunteer, world.DeskIds[0]);
        var log = await World.Log(_api, world, volunteer,
            new { recordId = "elsewhere", service = "account", channel = "DOOR_TO_DOOR", outcome = "DONE", minutes = 5, placeId = world.NeighbourhoodIds[1] });

        Assert.Equal(("PLACE_NOT_ASSIGNED", "placeId"), (checkIn.Code, checkIn.Field));
        Assert.Equal(("PLACE_NOT_ASSIGNED", "placeId"), (log.Code, log.Field));
    }

    [Theory]
    [InlineData(-5)]
    [InlineData(481)]
    [InlineData(100_000)]
    public async Task Negative_or_absurd_minutes_are_refused(int minutes)
    {
        var world = await World.Create(_api);
        await world.CheckIn(_api, world.VolunteerIds[0][0], world.DeskIds[0]);

        var error = await World.Log(_api, world, world.VolunteerIds[0][0], World.Help($"minutes{minutes}", minutes: minutes));

        Assert.Equal(("INVALID", "minutes"), (error.Code, error.Field));
    }

    [Fact]
    public async Task Oversized_strings_are_refused_with_the_limit()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][0];
        var error = await _api.Error("mutation($name: String!, $p: ID) { createUnit(input: { name: $name, kind: DISTRICT, parentId: $p }) { id } }",
            new { name = new string('x', 5_000), p = world.ProvinceId });
        var phone = await _api.Error("mutation($t: ID!, $p: String!) { addVolunteer(teamId: $t, name: \"An\", phone: $p) { id } }",
            new { t = world.TeamIds[0], p = new string('9', 300) });
        var record = await world.Volunteer(_api, volunteer).Error("mutation($v: ID!) { logHelp(campaignId: \"c-doesnotexist\", volunteerId: $v, help: { recordId: \"r\", service: \"account\", channel: DOOR_TO_DOOR, outcome: DONE, minutes: 1 }) { recordId } }",
            new { v = volunteer });

        Assert.Equal(("INVALID", "name"), (error.Code, error.Field));
        Assert.Contains("at most 200", error.Message, StringComparison.Ordinal);
        Assert.Equal("phone", phone.Field);
        Assert.Equal(("NOT_FOUND", "campaignId"), (record.Code, record.Field));
    }

    [Fact]
    public async Task A_unit_under_the_wrong_kind_of_parent_is_refused()
    {
        var world = await World.Create(_api);

        var error = await _api.Error("mutation($p: ID) { createUnit(input: { name: \"Thôn lạc\", kind: NEIGHBOURHOOD, parentId: $p }) { id } }",
            new { p = world.DistrictId });

        Assert.Equal(("INVALID", "parentId"), (error.Code, error.Field));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_with_a_message_not_a_500()
    {
        using var content = new StringContent("{\"query\": \"{ campaigns { id }", Encoding.UTF8, "application/json");
        using var response = await _api.Http.PostAsync("/graphql", content);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_too_deep_is_refused_naming_the_limit()
    {
        var answer = await _api.Send("{ units { children { children { children { children { children { children { children { children { children { children { children { id } } } } } } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("QUERY_TOO_DEEP", (string?)answer.Errors[0]!["extensions"]!["code"]);
    }

    [Fact]
    public async Task A_query_too_costly_is_refused_naming_the_limit()
    {
        var answer = await _api.Send("{ campaigns { wards { children { teams { volunteers { team { volunteers { team { volunteers { id name phone } } } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("QUERY_TOO_COMPLEX", (string?)answer.Errors[0]!["extensions"]!["code"]);
    }
}
