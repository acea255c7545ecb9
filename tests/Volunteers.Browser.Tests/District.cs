using System.Text.Json.Nodes;

namespace Volunteers.Tests.Browser;

/// <summary>
/// One district of two communes, built through the API by the province's organiser, with names a
/// person can click: Cự Khê has a one-stop desk assigned to its team and two villages no team has
/// yet; Bích Hòa has one village and its own team. Each commune has an official, whose token fetches
/// the invite links volunteers join by. The campaign is public, has targets and is running.
/// </summary>
public sealed record District(string CampaignId, string CampaignName, Dictionary<string, string> Ids, Dictionary<string, string> Invites)
{
    public const string Organiser = "browser-organiser";
    public const string Password = "browser-tests-password";
    /// <summary>The official of Cự Khê.</summary>
    public const string Official = "cu-khe-official";
    public const string Pin = "135790";

    public const string Province = "Thành phố Hà Nội";
    public const string DistrictName = "Huyện Thanh Oai";
    /// <summary>The district's official statistics code, which an imported file names as parent_code.</summary>
    public const string DistrictCode = "278";
    public const string CuKhe = "Xã Cự Khê";
    public const string BichHoa = "Xã Bích Hòa";
    public const string CuKheDesk = "Bộ phận một cửa Cự Khê";
    public const string CuDa = "Thôn Cự Đà";
    public const string VanQuan = "Thôn Văn Quán";
    public const string BichHoa1 = "Thôn Bích Hòa 1";
    public const string CuKheTeam = "Tổ CNSCĐ Cự Khê";
    public const string BichHoaTeam = "Tổ CNSCĐ Bích Hòa";
    public const string Lan = "Nguyễn Thị Lan";
    public const string Minh = "Trần Văn Minh";
    public const string Hung = "Lê Văn Hùng";

    public string this[string name] => Ids[name];

    /// <summary>The team's invite link, as its official shares it.</summary>
    public string InviteUrl(string team) => Invites[team];

    public string InviteCode(string team) => Uri.UnescapeDataString(new Uri(Invites[team]).Query.Split("invite=")[1]);

    /// <summary>A phone number no one has used yet: a phone is a volunteer's login.</summary>
    public static string NewPhone() => $"09{Random.Shared.Next(10_000_000, 99_999_999)}";

    public static async Task<District> Create(GraphQLClient api)
    {
        // The province is the organiser's own, made by create-organiser.
        var ids = new Dictionary<string, string> { [Province] = (string)(await api.Data("{ me { scopeId } }"))["me"]!["scopeId"]! };
        (string Name, string Kind, string Parent)[] units =
        [
            (DistrictName, "DISTRICT", Province), (CuKhe, "WARD", DistrictName), (BichHoa, "WARD", DistrictName),
            (CuKheDesk, "DESK", CuKhe), (CuDa, "NEIGHBOURHOOD", CuKhe), (VanQuan, "NEIGHBOURHOOD", CuKhe), (BichHoa1, "NEIGHBOURHOOD", BichHoa),
        ];
        var created = (await api.Data("mutation($inputs: [UnitInput!]!) { createUnits(inputs: $inputs) { id name } }",
            new
            {
                inputs = units.Select(u => u.Parent == Province
                    ? (object)new { key = u.Name, parentId = ids[Province], name = u.Name, kind = u.Kind, code = u.Name == DistrictName ? DistrictCode : null }
                    : new { key = u.Name, parentKey = u.Parent, name = u.Name, kind = u.Kind }),
            }))["createUnits"]!.AsArray();
        foreach (var unit in created)
        {
            ids[(string)unit!["name"]!] = (string)unit["id"]!;
        }

        var name = $"Ngày đồng loạt ra quân {Guid.NewGuid().ToString()[..4]}";
        var campaignId = (string)(await api.Data("mutation($input: CampaignInput!) { createCampaign(input: $input) { id } }",
            new { input = new { name, date = "2026-08-27", startsAt = "07:30:00", endsAt = "17:00:00", wardIds = new[] { ids[CuKhe], ids[BichHoa] }, isPublic = true } }))
            ["createCampaign"]!["id"]!;
        await api.Data("mutation($c: ID!, $t: [TargetInput!]!) { setTargets(campaignId: $c, targets: $t) { count } }", new
        {
            c = campaignId,
            t = new[]
            {
                new { wardId = ids[CuKhe], service = "account", count = 20 },
                new { wardId = ids[CuKhe], service = "online-application", count = 10 },
                new { wardId = ids[BichHoa], service = "account", count = 15 },
            },
        });

        // Lan is on the roster from the start (entered by the team, no login); the others join from their phones.
        var invites = new Dictionary<string, string>();
        foreach (var (team, ward, official, members) in new[] { (CuKheTeam, CuKhe, Official, new[] { Lan }), (BichHoaTeam, BichHoa, "bich-hoa-official", Array.Empty<string>()) })
        {
            ids[team] = (string)(await api.Data("mutation($w: ID!, $n: String!) { createTeam(wardId: $w, name: $n) { id } }", new { w = ids[ward], n = team }))
                ["createTeam"]!["id"]!;
            foreach (var member in members)
            {
                ids[member] = (string)(await api.Data("mutation($t: ID!, $n: String!, $p: String!) { addVolunteer(teamId: $t, name: $n, phone: $p) { id } }",
                    new { t = ids[team], n = member, p = NewPhone() }))["addVolunteer"]!["id"]!;
            }
            await api.Data("mutation($s: ID!, $u: String!, $p: String!) { createAccount(role: OFFICIAL, scopeId: $s, username: $u, password: $p) { scopeId } }",
                new { s = ids[ward], u = official, p = Password });
            var asOfficial = new GraphQLClient(api.Http, () => api.SignIn(official, Password));
            invites[team] = (string)(await asOfficial.Data("query($t: ID!) { teamInvite(teamId: $t) { url } }", new { t = ids[team] }))["teamInvite"]!["url"]!;
        }
        foreach (var (place, team) in new[] { (CuKheDesk, CuKheTeam), (BichHoa1, BichHoaTeam) })
        {
            await api.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
                new { c = campaignId, p = ids[place], t = ids[team] });
        }
        await api.Data("mutation($id: ID!) { startCampaign(id: $id) { status } }", new { id = campaignId });
        return new District(campaignId, name, ids, invites);
    }

    /// <summary>Help records the server holds for the campaign, once every level agrees with them.</summary>
    public async Task<int> StoredRecords(GraphQLClient api, int? expected = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonNode reconcile;
        do
        {
            reconcile = (await api.Data("query($c: ID!) { reconcile(campaignId: $c) { exact records } }", new { c = CampaignId }))["reconcile"]!;
            if ((bool)reconcile["exact"]! && (expected is null || (int)reconcile["records"]! == expected))
            {
                break;
            }
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.True((bool)reconcile["exact"]!, $"Counts do not reconcile: {reconcile.ToJsonString()}");
        return (int)reconcile["records"]!;
    }
}
