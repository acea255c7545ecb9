using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Pdf.IO;
using Volunteers.Api.Certificates;
using Volunteers.Tests.Core;

namespace Volunteers.Tests.Certificates;

public sealed class CertificateTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly GraphQLClient _api = factory.GraphQL();

    [Fact]
    public async Task A_volunteer_downloads_their_certificate_and_its_code_checks_out_with_the_hours_the_platform_holds()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][0];
        var phone = world.Volunteer(_api, volunteer);
        for (var shift = 0; shift < 2; shift++)
        {
            await world.CheckIn(_api, volunteer, world.DeskIds[0]);
            await phone.Data("mutation($c: ID!, $v: ID!) { checkOut(campaignId: $c, volunteerId: $v) { checkedOutAt } }", new { c = world.CampaignId, v = volunteer });
        }
        Assert.Empty((await world.Log(_api, volunteer, World.Help("cert-1"))).Errors);

        using var pdf = await phone.GetAsync($"/certificates/{world.CampaignId}.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        // Kept for a person to look at, as the browser tests keep their screenshots.
        Directory.CreateDirectory("TestResults");
        await File.WriteAllBytesAsync(Path.Combine("TestResults", "certificate.pdf"), await pdf.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Nguyễn Văn An", pdf.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        using (var document = PdfReader.Open(await pdf.Content.ReadAsStreamAsync(), PdfDocumentOpenMode.Import))
        {
            Assert.Equal(1, document.PageCount);
            Assert.Contains("Nguyễn Văn An", document.Info.Title, StringComparison.Ordinal);
        }

        var code = factory.Services.GetRequiredService<CertificateCode>().Make(world.CampaignId, volunteer);
        var check = JsonNode.Parse(await (await _api.Http.GetAsync(CertificateEndpoints.VerifyPath(code))).Content.ReadAsStringAsync())!;
        var hours = (await phone.Data("query($v: ID!, $c: ID!) { volunteer(id: $v) { hours(campaignId: $c) } }", new { v = volunteer, c = world.CampaignId }))
            ["volunteer"]!["hours"]!.GetValue<double>();
        Assert.True(check["valid"]!.GetValue<bool>());
        Assert.Equal("Nguyễn Văn An", check["volunteer"]!.GetValue<string>());
        Assert.Equal(2, check["shifts"]!.GetValue<int>());
        Assert.Equal(1, check["helps"]!.GetValue<int>());
        Assert.Equal(hours, check["hours"]!.GetValue<double>());
        Assert.True(check["provisional"]!.GetValue<bool>(), "a running day's hours can still grow");
    }

    [Fact]
    public async Task A_check_from_a_browser_reads_as_a_page_in_Vietnamese()
    {
        var world = await World.Create(_api);
        var code = factory.Services.GetRequiredService<CertificateCode>().Make(world.CampaignId, world.VolunteerIds[1][0]);
        using var request = new HttpRequestMessage(HttpMethod.Get, CertificateEndpoints.VerifyPath(code));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await _api.Http.SendAsync(request);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Giấy xác nhận hợp lệ", page, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Văn An", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_altered_or_invented_code_is_not_a_certificate_of_this_platform()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][1];
        var genuine = factory.Services.GetRequiredService<CertificateCode>().Make(world.CampaignId, volunteer);
        // The same MAC on another volunteer, a changed MAC, and no MAC at all.
        foreach (var code in new[] { genuine.Replace(volunteer, world.VolunteerIds[1][0], StringComparison.Ordinal), genuine[..^1] + (genuine[^1] == '0' ? '1' : '0'), "c-x.v-y", "" })
        {
            using var response = await _api.Http.GetAsync(CertificateEndpoints.VerifyPath(code));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            if (code.Length > 0)
            {
                Assert.Equal("code", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!["field"]!.GetValue<string>());
            }
        }
    }

    [Fact]
    public async Task The_leader_and_the_wards_official_may_download_a_members_certificate_and_nobody_else()
    {
        var world = await World.Create(_api);
        var volunteer = world.VolunteerIds[0][0];
        var path = $"/certificates/{world.CampaignId}.pdf?volunteer={volunteer}";
        var leader = await World.Staff(_api, "LEADER", world.TeamIds[0]);
        var official = await World.Staff(_api, "OFFICIAL", world.WardIds[0]);
        var otherLeader = await World.Staff(_api, "LEADER", world.TeamIds[1]);
        var teammate = world.Volunteer(_api, world.VolunteerIds[0][1]);

        Assert.Equal(HttpStatusCode.OK, (await leader.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await official.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherLeader.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await teammate.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.Http.GetAsync(path)).StatusCode);
    }
}
