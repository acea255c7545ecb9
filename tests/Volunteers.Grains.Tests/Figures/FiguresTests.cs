using System.Collections.Immutable;
using System.Globalization;
using Volunteers.Campaigns;
using Volunteers.Figures;
using Volunteers.Volunteering;

namespace Volunteers.Tests.Figures;

/// <summary>
/// Periods and closings against the stored records themselves: thousands of helps with procedures,
/// outcomes and voids over four campaign days of one province, counted again by the test's own GROUP BY.
/// Runs on every database the platform supports.
/// </summary>
public abstract class FiguresTests(ClusterFixture fixture)
{
    private static readonly DateOnly First = new(2026, 8, 27);

    [Fact]
    public async Task Period_counts_at_every_level_equal_a_group_by_over_the_stored_records()
    {
        var (scenario, campaigns, logged) = await Day(seed: 16_2026, helpsPerCampaign: 900);
        var units = new[] { scenario.ProvinceId }.Concat(scenario.DistrictIds).Concat(scenario.Wards.Select(w => w.Id)).ToList();
        (DateOnly From, DateOnly To)[] periods = [(First, First), (new(2026, 9, 1), new(2026, 9, 30)), (new(2026, 8, 1), new(2026, 9, 30)), (new(2026, 1, 1), new(2026, 12, 31))];
        foreach (var (from, to) in periods)
        {
            var inPeriod = campaigns.Where(c => c.Date >= from && c.Date <= to).ToList();
            var rows = await GroupByAsync(inPeriod.Select(c => c.Id));
            Assert.Equal(logged.Count(l => l.Live && inPeriod.Any(c => c.Id == l.CampaignId)), rows.Sum(r => r.Count));
            foreach (var unitId in units)
            {
                var period = await fixture.Grains.GetGrain<IPeriodFiguresGrain>(unitId).Figures(from, to);
                Assert.Equal([.. inPeriod.Where(c => c.Covers(unitId)).Select(c => c.Id).Order(StringComparer.Ordinal)], period.CampaignIds.Order(StringComparer.Ordinal));
                AssertFigures(rows.Where(r => Under(scenario, r.WardId, unitId)), period.Total.Figures, $"{unitId} {from}..{to}");
                foreach (var child in period.Units)
                {
                    AssertFigures(rows.Where(r => Under(scenario, r.WardId, child.UnitId)), child.Figures, $"{child.UnitId} in {unitId} {from}..{to}");
                }
                Assert.Equal(period.Total.Figures.Helps, period.Units.Sum(u => u.Figures.Helps));
                // Each figure is rounded to the hundredth, so the parts may add up to a hundredth apiece off the total.
                Assert.InRange(period.Units.Sum(u => u.VolunteerHours) - period.Total.VolunteerHours, -0.01 * period.Units.Length, 0.01 * period.Units.Length);
                Assert.Equal(await HoursAsync(scenario, inPeriod, unitId), period.Total.VolunteerHours, 2);
            }
        }
        var province = await fixture.Grains.GetGrain<IPeriodFiguresGrain>(scenario.ProvinceId).Figures(new(2026, 1, 1), new(2026, 12, 31));
        Assert.Equal(scenario.DistrictIds.Order(StringComparer.Ordinal), province.Units.Select(u => u.UnitId));
        Assert.True(province.Total.Figures.ByProcedure.Count > 1, "the helps carry several procedures");
        Assert.True(province.Total.Figures.ByOutcome.GetValueOrDefault("follow-up") > 0, "some helps need a follow-up");
    }

    [Fact]
    public async Task A_period_that_ends_before_it_starts_is_refused_naming_to()
    {
        var scenario = await CampaignScenario.Create(fixture.Grains, start: false);
        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            fixture.Grains.GetGrain<IPeriodFiguresGrain>(scenario.ProvinceId).Figures(new(2026, 9, 2), new(2026, 9, 1)));
        Assert.Equal("to", refusal.Field);
    }

    [Fact]
    public async Task Levels_close_bottom_up_their_snapshots_sum_exactly_and_a_void_after_closing_amends_the_level_and_its_parents()
    {
        var (scenario, campaigns, logged) = await Day(seed: 27_08, helpsPerCampaign: 700);
        var campaign = campaigns[0];
        var closing = (string unitId) => fixture.Grains.GetGrain<IFiguresClosingGrain>(Ids.Scoped(campaign.Id, unitId));
        var levels = () => fixture.Grains.GetGrain<ICampaignClosingsGrain>(campaign.Id).Levels(scenario.ProvinceId);
        var district0 = scenario.DistrictIds[0];
        var wards0 = scenario.Wards.Where(w => w.DistrictId == district0).ToList();

        var refused = await Assert.ThrowsAsync<DomainException>(() => closing(scenario.ProvinceId).Close("tinhdoan"));
        Assert.Equal(("CHILD_OPEN", "unitId"), (refused.Code, refused.Field));
        Assert.Contains(scenario.DistrictIds, d => refused.Message.Contains(d, StringComparison.Ordinal));
        refused = await Assert.ThrowsAsync<DomainException>(() => closing(district0).Close("huyendoan"));
        Assert.Contains(wards0, w => refused.Message.Contains(w.Id, StringComparison.Ordinal) && refused.Message.Contains(w.Name, StringComparison.Ordinal));

        await closing(wards0[0].Id).Close("xa00");
        refused = await Assert.ThrowsAsync<DomainException>(() => closing(district0).Close("huyendoan"));
        Assert.Equal("CHILD_OPEN", refused.Code);
        Assert.Contains(wards0[1].Id, refused.Message);
        foreach (var ward in scenario.Wards.Skip(1))
        {
            await closing(ward.Id).Close($"official-{ward.Id}");
        }
        refused = await Assert.ThrowsAsync<DomainException>(() => closing(scenario.ProvinceId).Close("tinhdoan"));
        Assert.Contains(scenario.DistrictIds, d => refused.Message.Contains(d, StringComparison.Ordinal));
        foreach (var district in scenario.DistrictIds)
        {
            await closing(district).Close("huyendoan");
        }
        var province = await closing(scenario.ProvinceId).Close("tinhdoan");

        var rows = await GroupByAsync([campaign.Id]);
        AssertFigures(rows, province.Closed!.Figures, "province");
        Assert.Equal(province.Closed.Figures.Checksum(), province.Closed.Checksum);
        Assert.Equal("tinhdoan", province.Closed.ClosedBy);
        var closed = (await levels()).ToDictionary(l => l.UnitId);
        Assert.All(closed.Values, l => Assert.Equal(ClosingStatus.Closed, l.Status));
        foreach (var parent in scenario.DistrictIds.Append(scenario.ProvinceId))
        {
            var sum = HelpFigures.Sum(closed.Values.Where(l => l.ParentId == parent).Select(l => l.Closed!.Figures));
            Assert.True(sum.SameAs(closed[parent].Closed!.Figures), $"{parent} equals the sum of its children's closed figures");
        }
        foreach (var ward in scenario.Wards)
        {
            AssertFigures(rows.Where(r => r.WardId == ward.Id), closed[ward.Id].Closed!.Figures, ward.Id);
        }

        // A void after closing: the figures stay as closed, and the ward and every level above read amended.
        var voided = logged.First(l => l.Live && l.CampaignId == campaign.Id && l.WardId == wards0[1].Id);
        await scenario.DayIn(campaign.Id, voided.VolunteerId).Void(voided.RecordId, "ghi nhầm", "xa01");
        var amended = (await levels()).ToDictionary(l => l.UnitId);
        Assert.Equal(ClosingStatus.Amended, amended[wards0[1].Id].Status);
        Assert.Equal(ClosingStatus.Amended, amended[district0].Status);
        Assert.Equal(ClosingStatus.Amended, amended[scenario.ProvinceId].Status);
        Assert.Equal(ClosingStatus.Closed, amended[wards0[0].Id].Status);
        Assert.Equal(ClosingStatus.Closed, amended[scenario.DistrictIds[1]].Status);
        Assert.Equal(province.Closed.Checksum, amended[scenario.ProvinceId].Closed!.Checksum);
        Assert.Equal(province.Closed.Figures.Helps - 1, amended[scenario.ProvinceId].Current.Helps);

        refused = await Assert.ThrowsAsync<DomainException>(() => closing(scenario.ProvinceId).Close("tinhdoan"));
        Assert.Equal("CHILD_AMENDED", refused.Code);
        Assert.Contains(district0, refused.Message);
        refused = await Assert.ThrowsAsync<DomainException>(() => closing(district0).Close("huyendoan"));
        Assert.Equal("CHILD_AMENDED", refused.Code);
        Assert.Contains(wards0[1].Id, refused.Message);

        await closing(wards0[1].Id).Close("xa01");
        await closing(district0).Close("huyendoan");
        var again = await closing(scenario.ProvinceId).Close("tinhdoan");
        Assert.Equal(province.Closed.Figures.Helps - 1, again.Closed!.Figures.Helps);
        AssertFigures(await GroupByAsync([campaign.Id]), again.Closed.Figures, "province closed again");
        Assert.All(await levels(), l => Assert.Equal(ClosingStatus.Closed, l.Status));
    }

    private sealed record Logged(string CampaignId, string WardId, string VolunteerId, string RecordId, bool Live);

    private sealed record Row(string WardId, string Service, string? Procedure, string Channel, string Outcome, int Count, long Minutes);

    /// <summary>Four campaign days of one province (one of them on three wards only), each with random helps and some voided, then closed.</summary>
    private async Task<(CampaignScenario, List<CampaignInfo>, List<Logged>)> Day(int seed, int helpsPerCampaign)
    {
        var random = new Random(seed);
        var scenario = await CampaignScenario.Create(fixture.Grains, teamsPerWard: 2, volunteersPerTeam: 3);
        var ids = new List<string>
        {
            scenario.CampaignId,
            await scenario.AddCampaign(new DateOnly(2026, 9, 3)),
            await scenario.AddCampaign(new DateOnly(2026, 9, 20), wards: scenario.Wards.Take(3)),
            await scenario.AddCampaign(new DateOnly(2026, 10, 5)),
        };
        var services = Catalogue.Default.Select(s => s.Code).ToArray();
        var procedures = Enum.GetValues<Procedure>();
        var logged = new List<Logged>();
        foreach (var campaignId in ids)
        {
            var campaign = (await fixture.Grains.GetGrain<ICampaignGrain>(campaignId).Get())!;
            var teams = scenario.Teams.Where(t => campaign.WardIds.Contains(t.Ward.Id)).ToList();
            foreach (var team in teams)
            {
                foreach (var volunteerId in team.VolunteerIds.Where(_ => random.NextDouble() < 0.85))
                {
                    await scenario.DayIn(campaignId, volunteerId).CheckIn(team.Ward.DeskId);
                }
            }
            var onDuty = new List<(string Volunteer, string Ward)>();
            foreach (var team in teams)
            {
                foreach (var volunteerId in team.VolunteerIds)
                {
                    if ((await scenario.DayIn(campaignId, volunteerId).GetShift()) is not null)
                    {
                        onDuty.Add((volunteerId, team.Ward.Id));
                    }
                }
            }
            var helps = Enumerable.Range(0, helpsPerCampaign).Select(i =>
            {
                var service = services[random.Next(services.Length)];
                var (volunteer, ward) = onDuty[random.Next(onDuty.Count)];
                return (Volunteer: volunteer, Ward: ward, Help: new HelpEntry($"r-{i}", service,
                    service == Catalogue.OnlineApplication ? procedures[random.Next(procedures.Length)] : null,
                    (Channel)random.Next(3), random.NextDouble() < 0.2 ? Outcome.FollowUp : Outcome.Done, random.Next(1, 90), null, null));
            }).ToList();
            foreach (var perVolunteer in helps.GroupBy(h => h.Volunteer))
            {
                foreach (var batch in perVolunteer.Chunk(40))
                {
                    var results = await scenario.DayIn(campaignId, perVolunteer.Key).Log([.. batch.Select(b => b.Help)]);
                    Assert.All(results, r => Assert.Null(r.Error));
                }
            }
            foreach (var (volunteer, ward, help) in helps)
            {
                var live = random.NextDouble() >= 0.06;
                if (!live)
                {
                    await scenario.DayIn(campaignId, volunteer).Void(help.RecordId, "nhập nhầm", "official");
                }
                logged.Add(new Logged(campaignId, ward, volunteer, help.RecordId, live));
            }
            // Closed days count an open shift up to the close, so the hours are fixed from here on.
            await fixture.Grains.GetGrain<ICampaignGrain>(campaignId).Close(null);
        }
        var campaigns = (await Task.WhenAll(ids.Select(id => fixture.Grains.GetGrain<ICampaignGrain>(id).Get()))).Select(c => c!).ToList();
        return (scenario, campaigns, logged);
    }

    /// <summary>The test's own count: live records of the campaigns grouped by ward and everything a figure breaks down by.</summary>
    private async Task<List<Row>> GroupByAsync(IEnumerable<string> campaignIds)
    {
        var ids = campaignIds.ToList();
        var rows = new List<Row>();
        if (ids.Count == 0)
        {
            return rows;
        }
        await using var connection = await fixture.Database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT ward_id, service, procedure, channel, outcome, COUNT(*), SUM(minutes) FROM help_record " +
            $"WHERE voided_at IS NULL AND campaign_id IN ({string.Join(",", ids.Select(id => $"'{id}'"))}) " +
            "GROUP BY ward_id, service, procedure, channel, outcome";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), reader.GetString(4),
                Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    private static void AssertFigures(IEnumerable<Row> rows, HelpFigures figures, string level)
    {
        var list = rows.ToList();
        Assert.True(list.Sum(r => r.Count) == figures.Helps, $"{level}: {list.Sum(r => r.Count)} helps in the records, {figures.Helps} counted");
        Assert.Equal(list.Sum(r => r.Minutes), figures.Minutes);
        Assert.Equal(By(list, r => r.Service), figures.ByService);
        Assert.Equal(By(list.Where(r => r.Procedure is not null), r => r.Procedure!), figures.ByProcedure);
        Assert.Equal(By(list, r => r.Channel), figures.ByChannel);
        Assert.Equal(By(list, r => r.Outcome), figures.ByOutcome);
    }

    private static ImmutableSortedDictionary<string, int> By(IEnumerable<Row> rows, Func<Row, string> key) =>
        rows.GroupBy(key).ToImmutableSortedDictionary(g => g.Key, g => g.Sum(r => r.Count), StringComparer.Ordinal);

    private static bool Under(CampaignScenario scenario, string wardId, string unitId)
    {
        var ward = scenario.Wards.Single(w => w.Id == wardId);
        return unitId == ward.Id || unitId == ward.DistrictId || unitId == scenario.ProvinceId;
    }

    /// <summary>The hours the certificates state, added up over the unit's volunteers and the period's days.</summary>
    private static async Task<double> HoursAsync(CampaignScenario scenario, List<CampaignInfo> campaigns, string unitId)
    {
        var hours = 0.0;
        foreach (var campaign in campaigns)
        {
            foreach (var team in scenario.Teams.Where(t => campaign.WardIds.Contains(t.Ward.Id) && Under(scenario, t.Ward.Id, unitId)))
            {
                foreach (var volunteerId in team.VolunteerIds)
                {
                    var shifts = await scenario.DayIn(campaign.Id, volunteerId).GetShifts();
                    hours += CheckInInterval.Total(shifts, DateTimeOffset.UtcNow, campaign.ClosedAt).TotalHours;
                }
            }
        }
        return Math.Round(hours, 2);
    }
}

[Collection(SqliteCluster.Name)]
public sealed class SqliteFiguresTests(ClusterFixture fixture) : FiguresTests(fixture);
