using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Accounts;
using Volunteers.Tests.Live;
using static Volunteers.Tests.Live.GraphQLSocket;

namespace Volunteers.Tests.Messages;

/// <summary>Who may send messages where, a volunteer's inbox with read marks, and the live push over the GraphQL socket.</summary>
[Collection(LiveApi.Name)]
public sealed class MessagesApiTests(LiveApiFixture fixture)
{
    private const string Send = "mutation($s: ID!, $t: String!) { sendMessage(scopeId: $s, text: $t) { id scopeName teams sentAt } }";
    private const string Inbox = "{ messages { id text read senderRole senderName senderUnit scopeName sentAt } }";
    private const string Follow = "subscription { messages { id text read senderRole scopeName } }";

    private ApiHost Host => fixture.Host;

    [Fact]
    public async Task A_leader_sends_to_their_team_and_is_refused_another_team_a_volunteer_sends_nowhere()
    {
        var scenario = await CampaignScenario.Create(Host.Grains, start: false);
        var (mine, other) = (scenario.Teams.First(), scenario.Teams.Last());
        var (leader, leaderLogin, _) = await Host.Session(Role.Leader, mine.Id);
        var volunteer = await Host.Token(Role.Volunteer, mine.VolunteerIds[0]);

        var sent = (await Host.GraphQL(leader, Send, new { s = mine.Id, t = "Chuyển sang Thôn 5 lúc 14:00" })).GetProperty("sendMessage");

        Assert.Equal(1, sent.GetProperty("teams").GetInt32());
        var audit = (await Host.GraphQL(await Host.Organiser(scenario), "query($u: ID!) { auditLog(unitId: $u, action: \"Mutation.sendMessage\") { actor target details } }",
            new { u = scenario.ProvinceId })).GetProperty("auditLog");
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal((leaderLogin, mine.Id), (entry.GetProperty("actor").GetString(), entry.GetProperty("target").GetString()));
        Assert.Equal("Chuyển sang Thôn 5 lúc 14:00", JsonDocument.Parse(entry.GetProperty("details").GetString()!).RootElement.GetProperty("text").GetString());
        foreach (var (token, scope) in new[] { (leader, other.Id), (leader, scenario.Wards[0].Id), (volunteer, mine.Id) })
        {
            var error = await Error(token, Send, new { s = scope, t = "Không được gửi" });
            Assert.Equal(("FORBIDDEN", "Mutation.sendMessage"), error);
        }
        Assert.Equal(("UNAUTHENTICATED", "Mutation.sendMessage"), await Error(null, Send, new { s = mine.Id, t = "Ẩn danh" }));
        Assert.Equal(0, (await Host.GraphQL(await Host.Token(Role.Volunteer, other.VolunteerIds[0]), Inbox)).GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task An_official_reaches_the_wards_teams_and_an_organiser_the_wards_below_but_neither_beyond()
    {
        var scenario = await CampaignScenario.Create(Host.Grains, teamsPerWard: 2, start: false);
        var ward = scenario.Wards[0];
        var official = await Host.Token(Role.Official, ward.Id);
        var districtOrganiser = await Host.Token(Role.Organiser, scenario.DistrictIds[0]);

        var toWard = (await Host.GraphQL(official, Send, new { s = ward.Id, t = "Họp tổ lúc 16:30" })).GetProperty("sendMessage");
        var toDistrict = (await Host.GraphQL(districtOrganiser, Send, new { s = scenario.DistrictIds[0], t = "Báo cáo trước 17:00" })).GetProperty("sendMessage");

        Assert.Equal((2, "Xã 0-0"), (toWard.GetProperty("teams").GetInt32(), toWard.GetProperty("scopeName").GetString()));
        Assert.Equal(4, toDistrict.GetProperty("teams").GetInt32());
        Assert.Equal(("FORBIDDEN", "Mutation.sendMessage"), await Error(official, Send, new { s = scenario.Wards[1].Id, t = "Sang xã bên" }));
        Assert.Equal(("FORBIDDEN", "Mutation.sendMessage"), await Error(districtOrganiser, Send, new { s = scenario.ProvinceId, t = "Lên tỉnh" }));
        Assert.Equal(("FORBIDDEN", "Mutation.sendMessage"), await Error(districtOrganiser, Send, new { s = scenario.DistrictIds[1], t = "Huyện bên" }));
    }

    [Fact]
    public async Task A_refused_text_names_the_field_and_the_bound()
    {
        var scenario = await CampaignScenario.Create(Host.Grains, start: false);
        var team = scenario.Teams.First();
        var leader = await Host.Token(Role.Leader, team.Id);

        var answer = await Answer(leader, Send, new { s = team.Id, t = new string('x', Volunteers.Messages.Inbox.MaxText + 1) });
        var error = answer.GetProperty("errors")[0];

        Assert.Equal(("INVALID", "text"), Identify(error));
        Assert.Contains($"{Volunteers.Messages.Inbox.MaxText}", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("INVALID", "scopeId"), await Error(await Host.Token(Role.Official, team.Ward.Id), Send, new { s = team.Ward.DeskId, t = "Tới bàn một cửa" }));
    }

    [Fact]
    public async Task A_volunteer_reads_their_teams_messages_newest_first_and_marks_them_read_for_themself()
    {
        var scenario = await CampaignScenario.Create(Host.Grains, start: false);
        var team = scenario.Teams.First();
        var (leader, leaderLogin, _) = await Host.Session(Role.Leader, team.Id);
        var first = (await Host.GraphQL(leader, Send, new { s = team.Id, t = "Tin một" })).GetProperty("sendMessage").GetProperty("id").GetString();
        await Host.GraphQL(leader, Send, new { s = team.Id, t = "Tin hai" });
        var (reader, teammate) = (await Host.Token(Role.Volunteer, team.VolunteerIds[0]), await Host.Token(Role.Volunteer, team.VolunteerIds[1]));

        var unread = (await Host.GraphQL(reader, "mutation($ids: [ID!]!) { markMessagesRead(ids: $ids) }", new { ids = new[] { first } }))
            .GetProperty("markMessagesRead").GetInt32();

        Assert.Equal(1, unread);
        var inbox = (await Host.GraphQL(reader, Inbox)).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["Tin hai", "Tin một"], inbox.Select(m => m.GetProperty("text").GetString()));
        Assert.Equal([false, true], inbox.Select(m => m.GetProperty("read").GetBoolean()));
        Assert.Equal(("LEADER", leaderLogin), (inbox[0].GetProperty("senderRole").GetString(), inbox[0].GetProperty("senderName").GetString()));
        Assert.All((await Host.GraphQL(teammate, Inbox)).GetProperty("messages").EnumerateArray(), m => Assert.False(m.GetProperty("read").GetBoolean()));
        Assert.Equal(("FORBIDDEN", "Query.messages"), await Error(leader, Inbox, null));
    }

    [Fact]
    public async Task A_connected_volunteer_gets_a_message_the_moment_it_is_sent_and_another_team_does_not()
    {
        var scenario = await CampaignScenario.Create(Host.Grains, start: false);
        var (team, other) = (scenario.Teams.First(), scenario.Teams.Last());
        using var phone = await Initialised(Host, await Host.Token(Role.Volunteer, team.VolunteerIds[0]));
        using var elsewhere = await Initialised(Host, await Host.Token(Role.Volunteer, other.VolunteerIds[0]));
        await GraphQLSocket.Send(phone, new { id = "m", type = "subscribe", payload = new { query = Follow } });
        await GraphQLSocket.Send(elsewhere, new { id = "m", type = "subscribe", payload = new { query = Follow } });
        await Following(team.Id);
        await Following(other.Id);

        await Host.GraphQL(await Host.Token(Role.Official, team.Ward.Id), Send, new { s = team.Id, t = "Tập trung tại nhà văn hoá thôn" });

        var next = await Receive(phone);
        Assert.Equal(("m", "next"), (next.GetProperty("id").GetString(), next.GetProperty("type").GetString()));
        var message = next.GetProperty("payload").GetProperty("data").GetProperty("messages");
        Assert.Equal(("Tập trung tại nhà văn hoá thôn", false, "OFFICIAL"),
            (message.GetProperty("text").GetString(), message.GetProperty("read").GetBoolean(), message.GetProperty("senderRole").GetString()));
        await GraphQLSocket.Send(elsewhere, new { type = "ping" });
        Assert.Equal("pong", (await Receive(elsewhere)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Following_messages_is_for_volunteers_and_refused_before_it_starts()
    {
        var scenario = await CampaignScenario.Create(Host.Grains, start: false);
        using var anonymous = await Initialised(Host);
        using var leader = await Initialised(Host, await Host.Token(Role.Leader, scenario.Teams.First().Id));

        foreach (var (socket, code) in new[] { (anonymous, "UNAUTHENTICATED"), (leader, "FORBIDDEN") })
        {
            await GraphQLSocket.Send(socket, new { id = "s", type = "subscribe", payload = new { query = Follow } });
            var refused = await Receive(socket);
            Assert.Equal("s", refused.GetProperty("id").GetString());
            Assert.True(refused.ToString().Contains(code, StringComparison.Ordinal), refused.ToString());
            Assert.DoesNotContain("\"text\"", refused.ToString(), StringComparison.Ordinal);
        }
    }

    /// <summary>Waits until a subscription of the team follows its inbox on this node, as the socket gives no sign of it.</summary>
    private async Task Following(string teamId)
    {
        var feed = Host.Services.GetRequiredService<Api.Live.InboxFeed>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!feed.Follows(teamId) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.True(feed.Follows(teamId), $"No subscription follows the inbox of {teamId}");
    }

    private async Task<(string?, string?)> Error(string? token, string query, object? variables) =>
        Identify((await Answer(token, query, variables)).GetProperty("errors")[0]);

    private static (string?, string?) Identify(JsonElement error) =>
        (error.GetProperty("extensions").GetProperty("code").GetString(), error.GetProperty("extensions").GetProperty("field").GetString());

    private async Task<JsonElement> Answer(string? token, string query, object? variables)
    {
        using var client = Host.CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
