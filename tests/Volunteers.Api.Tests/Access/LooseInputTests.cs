using System.Net;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Access;

/// <summary>What an attacker types into names and phones: formulas, invisible characters, a number spelled twice.</summary>
public sealed class LooseInputTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task Names_that_begin_like_formulas_come_out_of_the_csv_report_as_text()
    {
        var world = await World.Create(_api);
        foreach (var name in new[] { "=HYPERLINK(\"http://evil.example/x\",\"click\")", "@SUM(1+1)", "+1+1", "-2+3" })
        {
            await _api.Data("mutation($w: ID!, $n: String!) { createTeam(wardId: $w, name: $n) { id } }", new { w = world.WardIds[0], n = name });
        }

        using var response = await _api.GetAsync($"/reports/{world.CampaignId}.csv?scope={world.WardIds[0]}");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/x\"\",\"\"click\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains("\n'@SUM(1+1),", csv, StringComparison.Ordinal);
        Assert.Contains("\n'+1+1,", csv, StringComparison.Ordinal);
        Assert.Contains("\n'-2+3,", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Tổ\u0000một")]
    [InlineData("Tổ \u001B[31mđỏ")]
    [InlineData("Tổ \u202Egnoud")]
    [InlineData("\u200B\u200C\u2060")]
    public async Task Names_with_invisible_characters_are_refused_naming_the_field(string name)
    {
        var world = await World.Create(_api, start: false);

        var error = await _api.Error("mutation($w: ID!, $n: String!) { createTeam(wardId: $w, name: $n) { id } }", new { w = world.WardIds[0], n = name });

        Assert.Equal(("INVALID", "name"), (error.Code, error.Field));
    }

    [Fact]
    public async Task An_imported_name_with_a_direction_override_is_refused_on_its_line()
    {
        var world = await World.Create(_api, start: false);
        var csv = $"team,name,phone\n{world.TeamIds[0]},Lê \u202EnaV,0912000071\n";

        var job = (await _api.Data("mutation($csv: String!) { importVolunteers(csv: $csv, wait: true) { created errors { line field message } } }", new { csv }))["importVolunteers"]!;

        Assert.Equal(0, (int)job["created"]!);
        Assert.Equal((2, "name"), ((int)job["errors"]![0]!["line"]!, (string)job["errors"]![0]!["field"]!));
        Assert.Contains("U+202E", (string)job["errors"]![0]!["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_phone_spelled_two_ways_is_added_to_a_team_once()
    {
        var world = await World.Create(_api, start: false);
        const string Add = "mutation($t: ID!, $p: String!) { addVolunteer(teamId: $t, name: \"Trần Lan\", phone: $p) { id } }";

        var first = await _api.Data(Add, new { t = world.TeamIds[0], p = "0912000003" });
        var again = await _api.Error(Add, new { t = world.TeamIds[0], p = "+84 912 000 003" });

        Assert.NotNull((string?)first["addVolunteer"]!["id"]);
        Assert.Equal(("DUPLICATE", "phone"), (again.Code, again.Field));
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    public async Task A_campaign_date_outside_a_sane_range_is_refused(string date)
    {
        var world = await World.Create(_api, start: false);

        var error = await _api.Error("mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }",
            new { input = new { name = "Ngày lạ", date, startsAt = "07:30:00", endsAt = "17:00:00", wardIds = world.WardIds } });

        Assert.Equal(("INVALID", "date"), (error.Code, error.Field));
    }
}
