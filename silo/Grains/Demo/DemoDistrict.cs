using System.Collections.Immutable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Storage;
using Volunteers.Teams;

namespace Volunteers.Demo;

/// <summary>
/// A newcomer's first look: Thanh Oai district (Hà Nội) on its campaign day, 21 communes with a
/// team each, and the 16-member pilot team of Cự Khê. Loaded only into an empty store.
/// </summary>
public sealed partial class DemoDistrict(IGrainFactory grains, ILogger<DemoDistrict> logger) : IStartupTask
{
    public const string PilotCommune = "Cự Khê";
    public const string DistrictCode = "278";

    private static readonly string[] Communes =
    [
        "Bích Hòa", "Bình Minh", "Cao Dương", "Cao Viên", PilotCommune, "Dân Hòa", "Đỗ Động", "Hồng Dương", "Kim An",
        "Kim Thư", "Liên Châu", "Mỹ Hưng", "Phương Trung", "Tam Hưng", "Tân Ước", "Thanh Cao", "Thanh Mai",
        "Thanh Thùy", "Thanh Văn", "Xuân Dương", "Kim Bài",
    ];

    private static readonly string[] GivenNames =
        ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan", "Linh", "Minh", "Nam", "Ngọc", "Phương", "Quân", "Thảo", "Trang", "Tuấn", "Vy"];

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi"];

    /// <summary>Only an embedded store (SQLite) gets the demo, and only while Demo:Seed is on (the default).</summary>
    public static bool IsOn(IConfiguration configuration, Database database) =>
        configuration.GetValue("Demo:Seed", true) && database.Provider == StorageProvider.Sqlite;

    public async Task Execute(CancellationToken cancellationToken)
    {
        if (!(await grains.GetGrain<IUnitDirectoryGrain>(0).Roots()).IsEmpty)
        {
            return;
        }
        var city = await CreateUnit("Thành phố Hà Nội", UnitKind.Province, "01", null);
        var district = await CreateUnit("Huyện Thanh Oai", UnitKind.District, DistrictCode, city.Id);

        var wards = new List<(UnitInfo Ward, TeamInfo Team, ImmutableArray<string> Places)>();
        for (var i = 0; i < Communes.Length; i++)
        {
            var name = Communes[i];
            var ward = await CreateUnit(name == "Kim Bài" ? $"Thị trấn {name}" : $"Xã {name}", UnitKind.Ward, null, district.Id);
            var places = ImmutableArray.Create(
                (await CreateUnit($"Bộ phận một cửa {name}", UnitKind.Desk, null, ward.Id)).Id,
                (await CreateUnit($"Thôn {i + 1}A", UnitKind.Neighbourhood, null, ward.Id)).Id,
                (await CreateUnit($"Thôn {i + 1}B", UnitKind.Neighbourhood, null, ward.Id)).Id);
            var team = grains.GetGrain<ITeamGrain>(Ids.New(Ids.Team));
            var info = await team.Create($"Tổ công nghệ số cộng đồng {name}", ward.Id);
            var members = name == PilotCommune ? 16 : 4 + (i % 6);
            for (var m = 0; m < members; m++)
            {
                var volunteerName = $"{FamilyNames[(i + m) % FamilyNames.Length]} {GivenNames[(i * 7 + m) % GivenNames.Length]}";
                await grains.GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(
                    new NewVolunteer(volunteerName, $"09{i:D2}{m:D6}", $"Chi đoàn {name}", info.Id));
            }
            wards.Add((ward, info, places));
        }

        var campaignId = Ids.New(Ids.Campaign);
        var campaign = grains.GetGrain<ICampaignGrain>(campaignId);
        await campaign.Create(new NewCampaign("Ngày đồng loạt ra quân chuyển đổi số — Thanh Oai",
            DateOnly.FromDateTime(DateTime.Today), new TimeOnly(7, 30), new TimeOnly(17, 0),
            [.. wards.Select(w => w.Ward.Id)], null, IsPublic: true));
        await campaign.SetTargets([.. wards.SelectMany(w => new[]
        {
            new Target(w.Ward.Id, "account", 30),
            new Target(w.Ward.Id, Catalogue.OnlineApplication, 20),
            new Target(w.Ward.Id, "cashless", 15),
        })]);
        foreach (var (ward, team, places) in wards)
        {
            var assignments = grains.GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaignId, ward.Id));
            foreach (var place in places)
            {
                await assignments.Assign(place, team.Id);
            }
        }
        await campaign.Start();
        LogSeeded(logger, district.Name, Communes.Length, campaignId);
    }

    private Task<UnitInfo> CreateUnit(string name, UnitKind kind, string? code, string? parentId) =>
        grains.GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit(name, kind, code, parentId));

    [LoggerMessage(LogLevel.Information, "Demo data loaded: {District} with {Communes} communes, campaign {Campaign} running")]
    private static partial void LogSeeded(ILogger logger, string district, int communes, string campaign);
}
