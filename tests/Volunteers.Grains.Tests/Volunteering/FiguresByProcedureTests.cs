using System.Collections.Immutable;
using System.Globalization;
using Volunteers.Campaigns;
using Volunteers.Tallies;
using Volunteers.Volunteering;

namespace Volunteers.Tests.Volunteering;

/// <summary>
/// Procedures and outcomes are counted at every level like services and channels: each level's figures
/// equal a GROUP BY over the stored records, computed by the database rather than by the grains.
/// Runs on every database the platform supports.
/// </summary>
public abstract class FiguresByProcedureTests(ClusterFixture fixture)
{
    private static readonly Procedure[] Procedures = Enum.GetValues<Procedure>();

    [Fact]
    public async Task Thousands_of_helps_with_procedures_outcomes_and_voids_count_at_every_level_as_the_records_group()
    {
        var random = new Random(20261204);
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 2, volunteersPerTeam: 5);
        await scenario.CheckEveryoneIn();
        var volunteers = scenario.VolunteerIds.ToArray();
        var services = Catalogue.Default.Select(s => s.Code).ToArray();
        var helps = Enumerable.Range(0, 4_000).Select(i =>
        {
            // Half are online applications, so every procedure is counted many times over.
            var service = random.Next(2) == 0 ? Catalogue.OnlineApplication : services[random.Next(services.Length)];
            var help = new HelpEntry($"p-{i}", service, service == Catalogue.OnlineApplication ? Procedures[random.Next(Procedures.Length)] : null,
                (Channel)random.Next(3), random.NextDouble() < 0.3 ? Outcome.FollowUp : Outcome.Done, random.Next(1, 90), null, null);
            return (Volunteer: volunteers[random.Next(volunteers.Length)], Help: help);
        }).ToList();
        await Task.WhenAll(helps.GroupBy(h => h.Volunteer).Select(async mine =>
        {
            foreach (var batch in mine.Select(h => h.Help).Chunk(random.Next(5, 40)))
            {
                Assert.All(await scenario.Day(mine.Key).Log([.. batch]), r => Assert.Null(r.Error));
            }
        }));
        var voided = helps.Where(_ => random.NextDouble() < 0.08).ToList();
        foreach (var (volunteer, help) in voided)
        {
            await scenario.Day(volunteer).Void(help.RecordId, "Nhập nhầm", "test");
        }

        var reconciliation = await scenario.ReconcileWhenSettled(TimeSpan.FromSeconds(30));
        Assert.True(reconciliation.Exact, string.Join(", ", reconciliation.Mismatches));
        Assert.Equal(helps.Count - voided.Count, reconciliation.Records);

        var districtOf = scenario.Wards.ToDictionary(w => w.Id, w => w.DistrictId);
        var levels = new List<(string Column, Func<string, string> Scope, Func<string, Task<Tally>> Held)>
        {
            ("volunteer_id", id => id, id => scenario.Day(id).GetTally()),
            ("team_id", id => id, id => scenario.Level(id).Get()),
            ("ward_id", id => id, id => scenario.Level(id).Get()),
            ("ward_id", id => districtOf[id], id => scenario.Level(id).Get()),
            ("ward_id", _ => scenario.CampaignId, id => scenario.Level(id).Get()),
        };
        var checkedFigures = 0;
        foreach (var (column, scope, held) in levels)
        {
            foreach (var dimension in new[] { "procedure", "outcome", "service", "channel" })
            {
                var expected = (await GroupBy(scenario.CampaignId, column, dimension))
                    .GroupBy(g => (Scope: scope(g.Level), g.Key))
                    .ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
                foreach (var scopeId in expected.Keys.Select(k => k.Scope).Distinct())
                {
                    var tally = await held(scopeId);
                    var actual = dimension switch
                    {
                        "procedure" => tally.ByProcedure,
                        "outcome" => tally.ByOutcome,
                        "service" => tally.ByService,
                        _ => tally.ByChannel,
                    };
                    var wanted = expected.Where(e => e.Key.Scope == scopeId).ToImmutableSortedDictionary(e => e.Key.Key, e => e.Value, StringComparer.Ordinal);
                    Assert.Equal(wanted, actual);
                    checkedFigures += wanted.Count;
                }
            }
        }
        // Every procedure and both outcomes were seen at every level, down to most volunteers.
        var campaign = await scenario.Level(scenario.CampaignId).Get();
        Assert.Equal(Procedures.Length, campaign.ByProcedure.Count);
        Assert.Equal(2, campaign.ByOutcome.Count);
        Assert.Equal(helps.Count - voided.Count, campaign.Helps);
        Assert.Equal(helps.Except(voided).Count(h => h.Help.Procedure is not null), campaign.ByProcedure.Values.Sum());
        Assert.True(checkedFigures > 1_000, $"only {checkedFigures} figures compared");
    }

    /// <summary>Live records of the campaign counted by one level column and one dimension, by the database itself.</summary>
    private async Task<List<(string Level, string Key, int Count)>> GroupBy(string campaignId, string level, string dimension)
    {
        await using var connection = await fixture.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {level}, {dimension}, COUNT(*) FROM help_record " +
            $"WHERE campaign_id = @campaign AND voided_at IS NULL AND {dimension} IS NOT NULL GROUP BY {level}, {dimension}";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "campaign";
        parameter.Value = campaignId;
        command.Parameters.Add(parameter);
        var rows = new List<(string, string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture)));
        }
        return rows;
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteFiguresByProcedureTests(ClusterFixture fixture) : FiguresByProcedureTests(fixture);
