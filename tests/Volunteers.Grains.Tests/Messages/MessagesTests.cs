using Volunteers.Accounts;
using Volunteers.Messages;

namespace Volunteers.Tests.Messages;

/// <summary>Runs on every database the platform supports; each binds it to a cluster on one.</summary>
public abstract class MessagesTests(ClusterFixture fixture)
{
    private IMessageSenderGrain Sender => fixture.Grains.GetGrain<IMessageSenderGrain>(0);

    private ITeamInboxGrain Inbox(string teamId) => fixture.Grains.GetGrain<ITeamInboxGrain>(teamId);

    [Fact]
    public async Task A_leader_message_reaches_their_team_only_unread_and_names_its_sender()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var team = scenario.Teams.First();
        var other = scenario.Teams.Last();

        var sent = await Sender.Send(new Sender(Role.Leader, "totruong", team.Id), team.Id, "  Chuyển sang Thôn 5 lúc 14:00 ");

        Assert.Equal(1, sent.Teams);
        Assert.Equal("Chuyển sang Thôn 5 lúc 14:00", sent.Message.Text);
        var inbox = await Inbox(team.Id).List(team.VolunteerIds[0], 50);
        var only = Assert.Single(inbox);
        Assert.False(only.Read);
        Assert.Equal((sent.Message.Id, Role.Leader, "totruong"), (only.Message.Id, only.Message.SenderRole, only.Message.SenderName));
        Assert.StartsWith("Tổ ", only.Message.SenderUnit);
        Assert.Equal((team.Id, only.Message.SenderUnit), (only.Message.ScopeId, only.Message.ScopeName));
        Assert.Empty(await Inbox(other.Id).List(other.VolunteerIds[0], 50));
    }

    [Fact]
    public async Task An_official_message_fans_out_to_every_team_of_the_ward()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 2, start: false);
        var ward = scenario.Wards[0];

        var sent = await Sender.Send(new Sender(Role.Official, "canbo", ward.Id), ward.Id, "Họp tổ lúc 16:30 tại nhà văn hoá");

        Assert.Equal(2, sent.Teams);
        Assert.Equal(sent.Message.SenderUnit, sent.Message.ScopeName);
        foreach (var team in scenario.Teams)
        {
            var ids = (await Inbox(team.Id).List(team.VolunteerIds[0], 50)).Select(m => m.Message.Id);
            Assert.Equal(team.Ward == ward ? [sent.Message.Id] : [], ids);
        }
    }

    [Fact]
    public async Task An_organiser_message_fans_out_to_the_teams_of_every_ward_below_and_no_further()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 2, start: false);
        var district = scenario.DistrictIds[0];

        var toDistrict = await Sender.Send(new Sender(Role.Organiser, "huyendoan", district), district, "Báo cáo số liệu trước 17:00");
        var toProvince = await Sender.Send(new Sender(Role.Organiser, "tinhdoan", scenario.ProvinceId), scenario.ProvinceId, "Cảm ơn các tổ!");

        Assert.Equal(4, toDistrict.Teams);
        Assert.Equal(8, toProvince.Teams);
        foreach (var team in scenario.Teams)
        {
            var ids = (await Inbox(team.Id).List(team.VolunteerIds[0], 50)).Select(m => m.Message.Id).ToList();
            // Newest first.
            Assert.Equal(team.Ward.DistrictId == district ? [toProvince.Message.Id, toDistrict.Message.Id] : [toProvince.Message.Id], ids);
        }
    }

    [Fact]
    public async Task Read_marks_belong_to_each_volunteer_and_count_what_stays_unread()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var team = scenario.Teams.First();
        var sender = new Sender(Role.Leader, "totruong", team.Id);
        var first = await Sender.Send(sender, team.Id, "Tin một");
        await Sender.Send(sender, team.Id, "Tin hai");
        var (reader, other) = (team.VolunteerIds[0], team.VolunteerIds[1]);

        Assert.Equal(1, await Inbox(team.Id).MarkRead(reader, [first.Message.Id, "m-notkept", first.Message.Id]));
        Assert.Equal(1, await Inbox(team.Id).MarkRead(reader, [first.Message.Id]));

        Assert.Equal([false, true], (await Inbox(team.Id).List(reader, 50)).Select(m => m.Read));
        Assert.Equal([false, false], (await Inbox(team.Id).List(other, 50)).Select(m => m.Read));
    }

    [Fact]
    public async Task Posting_the_same_message_again_keeps_one()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var team = scenario.Teams.First();
        var sent = await Sender.Send(new Sender(Role.Leader, "totruong", team.Id), team.Id, "Một lần thôi");

        await Inbox(team.Id).Post(sent.Message);

        Assert.Single(await Inbox(team.Id).List(team.VolunteerIds[0], 50));
    }

    [Fact]
    public async Task An_inbox_keeps_the_newest_messages_and_drops_the_read_marks_of_the_others()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var team = scenario.Teams.First();
        var sender = new Sender(Role.Leader, "totruong", team.Id);
        var first = await Sender.Send(sender, team.Id, "Tin 0");
        await Inbox(team.Id).MarkRead(team.VolunteerIds[0], [first.Message.Id]);

        for (var i = 1; i <= Volunteers.Messages.Inbox.Keep; i++)
        {
            await Sender.Send(sender, team.Id, $"Tin {i}");
        }

        var kept = await Inbox(team.Id).List(team.VolunteerIds[0], 1000);
        Assert.Equal(Volunteers.Messages.Inbox.Keep, kept.Length);
        Assert.Equal($"Tin {Volunteers.Messages.Inbox.Keep}", kept[0].Message.Text);
        Assert.DoesNotContain(kept, m => m.Message.Id == first.Message.Id);
        Assert.All(kept, m => Assert.False(m.Read));
        Assert.Equal(Volunteers.Messages.Inbox.Keep, await Inbox(team.Id).MarkRead(team.VolunteerIds[0], [first.Message.Id]));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task An_empty_message_is_refused_naming_the_text(string text)
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var team = scenario.Teams.First();

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Sender.Send(new Sender(Role.Leader, "totruong", team.Id), team.Id, text));

        Assert.Equal(("INVALID", "text"), (refusal.Code, refusal.Field));
    }

    [Fact]
    public async Task A_message_longer_than_a_zalo_forward_is_refused_and_one_at_the_bound_is_sent()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var team = scenario.Teams.First();
        var sender = new Sender(Role.Leader, "totruong", team.Id);

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Sender.Send(sender, team.Id, new string('a', Volunteers.Messages.Inbox.MaxText + 1)));
        var sent = await Sender.Send(sender, team.Id, new string('a', Volunteers.Messages.Inbox.MaxText));

        Assert.Equal(("INVALID", "text"), (refusal.Code, refusal.Field));
        Assert.Contains($"{Volunteers.Messages.Inbox.MaxText}", refusal.Message);
        Assert.Equal(Volunteers.Messages.Inbox.MaxText, sent.Message.Text.Length);
        Assert.Single(await Inbox(team.Id).List(team.VolunteerIds[0], 50));
    }

    [Fact]
    public async Task A_place_an_unknown_id_or_a_unit_without_teams_is_refused_naming_the_scope()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 0, start: false);
        var ward = scenario.Wards[0];
        var sender = new Sender(Role.Official, "canbo", ward.Id);

        foreach (var scopeId in new[] { ward.DeskId, ward.Id, "t-unknown00", "x-nothing" })
        {
            var refusal = await Assert.ThrowsAsync<DomainException>(() => Sender.Send(sender, scopeId, "Xin chào"));
            Assert.Equal("scopeId", refusal.Field);
        }
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteMessagesTests(ClusterFixture fixture) : MessagesTests(fixture);
