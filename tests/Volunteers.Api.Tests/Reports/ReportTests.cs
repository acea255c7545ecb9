using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Volunteers.Api.Reports;
using Volunteers.Teams;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Reports;

public sealed class ReportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static readonly string[] Services = ["account", "cashless", "scan", "digital-skills"];
    private static readonly string[] Channels = ["DOOR_TO_DOOR", "ONE_STOP_DESK", "COMMUNITY_POINT"];
    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task For_a_randomized_campaign_the_export_at_every_scope_equals_reconcile_and_the_live_counts()
    {
        var random = new Random(27_08);
        var world = await World.Create(_api);
        await _api.Data("mutation($c: ID!, $t: [TargetInput!]!) { setTargets(campaignId: $c, targets: $t) { count } }", new
        {
            c = world.CampaignId,
            t = world.WardIds.SelectMany(w => new[] { new { wardId = w, service = "account", count = 20 }, new { wardId = w, service = "cashless", count = 10 } }),
        });
        var logged = new List<(string Volunteer, string Record, string Service, string Channel, int Minutes)>();
        for (var w = 0; w < 2; w++)
        {
            foreach (var volunteer in world.VolunteerIds[w])
            {
                await world.CheckIn(_api, volunteer, random.Next(2) == 0 ? world.DeskIds[w] : world.NeighbourhoodIds[w]);
                for (var i = random.Next(5, 30); i > 0; i--)
                {
                    var help = (volunteer, $"{volunteer}-{i}", Services[random.Next(Services.Length)], Channels[random.Next(Channels.Length)], random.Next(1, 90));
                    var answer = await world.Log(_api, volunteer, World.Help(help.Item2, help.Item3, help.Item5, help.Item4));
                    Assert.Empty(answer.Errors);
                    logged.Add(help);
                }
            }
        }
        foreach (var voided in logged.Where(_ => random.NextDouble() < 0.1).ToList())
        {
            await world.Volunteer(_api, voided.Volunteer).Data("mutation($c: ID!, $v: ID!, $r: ID!) { voidHelp(campaignId: $c, volunteerId: $v, recordId: $r, reason: \"nhập nhầm\") { alreadyVoided } }",
                new { c = world.CampaignId, v = voided.Volunteer, r = voided.Record });
            logged.Remove(voided);
        }
        var reconcile = await world.ReconcileWhenSettled(_api);
        Assert.True((bool)reconcile["exact"]!, reconcile.ToJsonString());
        Assert.Equal(logged.Count, (int)reconcile["records"]!);

        var builder = factory.Services.GetRequiredService<ReportBuilder>();
        foreach (var scope in new string?[] { null, world.ProvinceId, world.DistrictId, world.WardIds[0], world.WardIds[1], world.TeamIds[1] })
        {
            var report = await builder.Build(world.CampaignId, scope);
            var volunteersBelow = scope switch
            {
                _ when scope == world.WardIds[0] || scope == world.TeamIds[0] => world.VolunteerIds[0],
                _ when scope == world.WardIds[1] || scope == world.TeamIds[1] => world.VolunteerIds[1],
                _ => world.VolunteerIds.SelectMany(v => v).ToArray(),
            };
            var records = logged.Where(l => volunteersBelow.Contains(l.Volunteer)).ToList();
            Assert.Equal(records.Count, report.Total.Counts.Tally.Helps);
            Assert.Equal(records.Sum(r => (long)r.Minutes), report.Total.Counts.Tally.Minutes);
            foreach (var service in Services)
            {
                Assert.Equal(records.Count(r => r.Service == service), report.Total.Counts.Tally.ByService.GetValueOrDefault(service));
            }
            Assert.Equal(report.Total.Counts.Tally.Helps, report.Lines.Sum(l => l.Counts.Tally.Helps));
            foreach (var line in report.Lines.Append(report.Total))
            {
                var live = (await _api.Data("query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { helps minutes byService { key count } byChannel { key count } progress { service target done } } }",
                    new { c = world.CampaignId, s = line.Counts.ScopeId }))["counts"]!;
                Assert.Equal((int)live["helps"]!, line.Counts.Tally.Helps);
                Assert.Equal((long)live["minutes"]!, line.Counts.Tally.Minutes);
                Assert.Equal(Pairs(live["byService"]!), line.Counts.Tally.ByService.Select(p => (p.Key, p.Value)));
                Assert.Equal(Pairs(live["byChannel"]!), line.Counts.Tally.ByChannel.Select(p => (p.Key, p.Value)));
                Assert.Equal(live["progress"]!.AsArray().Select(p => ((string)p!["service"]!, (int)p["target"]!, (int)p["done"]!)),
                    line.Counts.Progress.Select(p => (p.Service, p.Target, p.Done)));
            }

            // What the CSV says is what the report holds, line by line.
            var csv = Csv.Parse(await Download(world.CampaignId, scope, ".csv"));
            var (header, lines, total) = csv.Table(report.Lines.IsEmpty ? "Đơn vị" : ReportLanguage.Vietnamese.LineHeader(report.LineKind));
            var helps = Array.IndexOf(header, "Lượt hỗ trợ");
            Assert.Equal(report.Lines.Select(l => l.Counts.Tally.Helps.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Select(l => l[helps]));
            Assert.Equal(("Tổng cộng", logged.Count(l => volunteersBelow.Contains(l.Volunteer)).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (total[0], total[helps]));
            Assert.Equal("Đang diễn ra", csv.Heading("Trạng thái"));
        }
    }

    [Fact]
    public async Task A_roster_id_whose_volunteer_an_import_has_not_written_yet_is_not_counted_as_a_volunteer()
    {
        var world = await World.Create(_api);
        await factory.Services.GetRequiredService<IGrainFactory>().GetGrain<ITeamGrain>(world.TeamIds[0]).AddVolunteers([Ids.New(Ids.Volunteer)]);

        var builder = factory.Services.GetRequiredService<ReportBuilder>();
        var ward = await builder.Build(world.CampaignId, world.WardIds[0]);
        var team = await builder.Build(world.CampaignId, world.TeamIds[0]);

        Assert.Equal(world.VolunteerIds[0].Length, Assert.Single(ward.Lines).Volunteers);
        Assert.Equal(world.VolunteerIds[0].Length, ward.Total.Volunteers);
        Assert.Equal(world.VolunteerIds[0].Length, team.Total.Volunteers);
        Assert.Equal(team.Total.Volunteers, team.Lines.Sum(l => l.Volunteers));
    }

    [Fact]
    public async Task The_report_comes_as_xlsx_and_in_english_and_the_chart_as_svg_with_vietnamese_labels()
    {
        var world = await World.Create(_api);
        await world.CheckIn(_api, world.VolunteerIds[0][0], world.DeskIds[0]);
        await world.Log(_api, world.VolunteerIds[0][0], World.Help("x-1", "account", 12));
        await world.ReconcileWhenSettled(_api);

        using var xlsx = await _api.GetAsync($"/reports/{world.CampaignId}.xlsx?scope={world.DistrictId}");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(ReportTable.XlsxType, xlsx.Content.Headers.ContentType!.MediaType);
        using var sheet = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        var rows = sheet.Query(useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>().Select(r => r.Values.ToArray()).ToList();
        var total = rows.Single(r => Equals(r[0], "Tổng cộng"));
        Assert.Equal(1d, Convert.ToDouble(total[2], System.Globalization.CultureInfo.InvariantCulture));

        var english = Csv.Parse(await Download(world.CampaignId, world.WardIds[0], ".csv", "&lang=en"));
        var (header, lines, _) = english.Table("Team");
        Assert.Equal("1", lines.Single()[Array.IndexOf(header, "Helps")]);

        using var chart = await _api.GetAsync($"/reports/{world.CampaignId}/progress.svg?scope={world.DistrictId}");
        var svg = await chart.Content.ReadAsStringAsync();
        Assert.Equal("image/svg+xml", chart.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Contains("Tiến độ chiến dịch", svg, StringComparison.Ordinal);
        Assert.Contains("Xã Cự Khê", svg, StringComparison.Ordinal);
        Assert.Contains("1 lượt", svg, StringComparison.Ordinal);

        var report = (await _api.Data("query($c: ID!, $s: ID) { report(campaignId: $c, scopeId: $s) { at csv csvUrl xlsxUrl chartUrl } }",
            new { c = world.CampaignId, s = world.WardIds[0] }))["report"]!;
        Assert.StartsWith("Báo cáo cuối ngày", (string)report["csv"]!, StringComparison.Ordinal);
        Assert.Equal($"/reports/{world.CampaignId}.csv?scope={world.WardIds[0]}&lang=vi", (string)report["csvUrl"]!);
    }

    [Theory]
    [InlineData("?scope=u-notinthecampaign", HttpStatusCode.BadRequest, "scopeId")]
    [InlineData("?lang=fr", HttpStatusCode.BadRequest, "lang")]
    public async Task A_bad_report_request_names_the_field(string query, HttpStatusCode status, string field)
    {
        var world = await World.Create(_api);

        using var response = await _api.GetAsync($"/reports/{world.CampaignId}.csv{query}");

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(field, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["field"]!);
    }

    [Fact]
    public async Task Report_files_are_for_the_organiser_of_the_subtree_and_the_wards_official_only()
    {
        var world = await World.Create(_api);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);
        var stranger = factory.GraphQL();

        async Task<HttpStatusCode> Get(GraphQLClient? client, string scope)
        {
            var path = $"/reports/{world.CampaignId}.csv?scope={scope}";
            using var response = client is null ? await factory.CreateClient().GetAsync(path) : await client.GetAsync(path);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await Get(_api, world.DistrictId));
        Assert.Equal(HttpStatusCode.OK, await Get(official, world.WardIds[0]));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(official, world.WardIds[1]));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(official, world.DistrictId));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(leader, world.TeamIds[0]));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(world.Volunteer(_api, world.VolunteerIds[0][0]), world.TeamIds[0]));
        Assert.Equal(HttpStatusCode.Forbidden, await Get(stranger, world.DistrictId));
        Assert.Equal(HttpStatusCode.Unauthorized, await Get(null, world.DistrictId));
        using var refused = await official.GetAsync($"/reports/{world.CampaignId}.csv?scope={world.DistrictId}");
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(("FORBIDDEN", "scope"), ((string)error["code"]!, (string)error["field"]!));
        using var wholeCampaign = await official.GetAsync($"/reports/{world.CampaignId}.csv");
        Assert.Equal(HttpStatusCode.Forbidden, wholeCampaign.StatusCode);
        Assert.Equal("campaignId", (string)JsonNode.Parse(await wholeCampaign.Content.ReadAsStringAsync())!["error"]!["field"]!);
    }

    [Fact]
    public async Task A_report_of_an_unknown_campaign_is_not_found()
    {
        using var response = await _api.GetAsync("/reports/c-doesnotexist.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<string> Download(string campaignId, string? scope, string extension, string more = "")
    {
        using var response = await _api.GetAsync($"/reports/{campaignId}{extension}?scope={scope}{more}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static IEnumerable<(string, int)> Pairs(JsonNode list) => list.AsArray().Select(p => ((string)p!["key"]!, (int)p["count"]!));
}
