using Volunteers.Campaigns;
using Volunteers.Volunteering;

namespace Volunteers.Tests.Volunteering;

/// <summary>Runs on every database the platform supports; each binds it to a cluster on one.</summary>
public abstract class RandomizedCampaignTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Ten_thousand_logs_with_resends_and_shuffling_reconcile_exactly()
    {
        var random = new Random(20260827);
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 3, volunteersPerTeam: 8);
        await scenario.CheckEveryoneIn();
        var volunteers = scenario.VolunteerIds.ToArray();
        var services = Catalogue.Default.Select(s => s.Code).ToArray();

        var distinct = Enumerable.Range(0, 10_000).Select(i =>
        {
            var service = services[random.Next(services.Length)];
            return (Volunteer: volunteers[random.Next(volunteers.Length)],
                Help: CampaignScenario.Help($"rec-{i}", service, random.Next(1, 60), (Channel)random.Next(3)));
        }).ToList();
        // 5% are sent again, as phones do after a dropped connection, and everything arrives out of order.
        var sends = distinct.Concat(distinct.Where(_ => random.NextDouble() < 0.05)).OrderBy(_ => random.Next()).ToList();

        var receipts = await Task.WhenAll(sends
            .GroupBy(s => s.Volunteer)
            .Select(async perVolunteer =>
            {
                var results = new List<LogResult>();
                foreach (var batch in perVolunteer.Select(s => s.Help).Chunk(random.Next(1, 25)))
                {
                    results.AddRange(await scenario.Day(perVolunteer.Key).Log([.. batch]));
                }
                return results;
            }));

        var all = receipts.SelectMany(r => r).ToList();
        Assert.All(all, r => Assert.Null(r.Error));
        Assert.Equal(distinct.Count, all.Count(r => !r.Receipt!.Duplicate));
        Assert.Equal(sends.Count - distinct.Count, all.Count(r => r.Receipt!.Duplicate));

        var reconciliation = await scenario.ReconcileWhenSettled();
        Assert.True(reconciliation.Exact, string.Join(", ", reconciliation.Mismatches));
        Assert.Equal(distinct.Count, reconciliation.Records);
        var campaign = await scenario.Level(scenario.CampaignId).Get();
        Assert.Equal(distinct.Count, campaign.Helps);
        Assert.Equal(distinct.Sum(d => (long)d.Help.Minutes), campaign.Minutes);
        foreach (var service in services)
        {
            Assert.Equal(distinct.Count(d => d.Help.Service == service), campaign.ByService.GetValueOrDefault(service));
        }
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteRandomizedCampaignTests(ClusterFixture fixture) : RandomizedCampaignTests(fixture);
