using System.Diagnostics;
using System.Globalization;

namespace Volunteers.Bench;

/// <summary>A volunteer of a benchmark district, signed in as themself, with where the records they log belong.</summary>
public sealed record Member(string Id, string TeamId, string WardId, string PlaceId, ApiClient Api);

/// <summary>
/// A running campaign over new wards under the organiser's province, made as people make it: the organiser
/// creates the wards, a neighbourhood and a team per 200 volunteers (TeamInfo.MaxMembers) and assigns
/// each team its neighbourhood; volunteers join with their team's invite code, each getting a session of
/// their own (they log only for themselves), and check in at their team's place.
/// </summary>
/// <param name="Joining">How long the joins took, the part of the set-up that grows with the volunteers.</param>
public sealed record District(string CampaignId, IReadOnlyList<string> WardIds, int Teams, IReadOnlyList<Member> Members, TimeSpan Joining)
{
    public const int TeamSize = 200;

    /// <summary>
    /// Each new ward's volunteers take phones from a block of this many numbered by the ward's place among
    /// the province's units, so no two runs against one store share a phone, which is a volunteer's login.
    /// </summary>
    private const int PhonesPerWard = 1000;

    private const string Pin = "270822";

    /// <param name="parallel">Requests in flight while joining and checking in; the rest of the set-up is a few calls a team.</param>
    public static async Task<District> SetUpAsync(Organiser organiser, int wardCount, int volunteersPerWard, int parallel)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volunteersPerWard, PhonesPerWard);
        var api = organiser.Api;
        var ordinal = (await api.Data("query($p: ID) { units(parentId: $p) { id } }", new { p = organiser.ProvinceId }))["units"]!.AsArray().Count;
        var teamsPerWard = Math.Max(1, (volunteersPerWard + TeamSize - 1) / TeamSize);
        var inputs = new List<object>();
        for (var w = 0; w < wardCount; w++)
        {
            inputs.Add(new { key = $"w{w}", parentId = organiser.ProvinceId, name = $"Xã đo tải {ordinal + w}", kind = "WARD" });
            for (var t = 0; t < teamsPerWard; t++)
            {
                inputs.Add(new { parentKey = $"w{w}", name = $"Thôn {t + 1}", kind = "NEIGHBOURHOOD" });
            }
        }
        // createUnits answers in the order of its inputs: each ward, then its neighbourhoods.
        var units = (await api.Data("mutation($i: [UnitInput!]!) { createUnits(inputs: $i) { id } }", new { i = inputs }))["createUnits"]!.AsArray()
            .Select(u => (string)u!["id"]!).ToArray();
        var wardIds = Enumerable.Range(0, wardCount).Select(w => units[w * (1 + teamsPerWard)]).ToArray();
        var campaignId = (string)(await api.Data("mutation($i: CampaignInput!) { createCampaign(input: $i) { id } }", new
        {
            i = new { name = $"Đo tải {ordinal}", date = DateTime.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), startsAt = "07:00:00", endsAt = "17:00:00", wardIds },
        }))["createCampaign"]!["id"]!;

        var options = new ParallelOptions { MaxDegreeOfParallelism = parallel };
        var teams = new (string Id, string WardId, string PlaceId, string Invite)[wardCount * teamsPerWard];
        await Parallel.ForEachAsync(Enumerable.Range(0, teams.Length), options, async (k, _) =>
        {
            var (w, t) = (k / teamsPerWard, k % teamsPerWard);
            var placeId = units[w * (1 + teamsPerWard) + 1 + t];
            var teamId = (string)(await api.Data("mutation($w: ID!, $n: String!) { createTeam(wardId: $w, name: $n) { id } }",
                new { w = wardIds[w], n = $"Tổ {t + 1}" }))["createTeam"]!["id"]!;
            await api.Data("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
                new { c = campaignId, p = placeId, t = teamId });
            var invite = (string)(await api.Data("query($t: ID!) { teamInvite(teamId: $t) { code } }", new { t = teamId }))["teamInvite"]!["code"]!;
            teams[k] = (teamId, wardIds[w], placeId, invite);
        });
        await api.Data("mutation($c: ID!) { startCampaign(id: $c) { status } }", new { c = campaignId });

        var anonymous = api.As(null);
        var members = new Member[wardCount * volunteersPerWard];
        var joining = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Length), options, async (i, _) =>
        {
            var (w, v) = (i / volunteersPerWard, i % volunteersPerWard);
            var team = teams[w * teamsPerWard + v / TeamSize];
            var session = (await anonymous.Data("""
                mutation($i: String!, $n: String!, $p: String!, $pin: String!) {
                  joinTeam(inviteCode: $i, name: $n, phone: $p, pin: $pin) { accessToken account { scopeId } }
                }
                """, new { i = team.Invite, n = $"TNV {i}", p = string.Create(CultureInfo.InvariantCulture, $"0{(ordinal + w) * PhonesPerWard + v:D9}"), pin = Pin }))["joinTeam"]!;
            members[i] = new Member((string)session["account"]!["scopeId"]!, team.Id, team.WardId, team.PlaceId, api.As((string)session["accessToken"]!));
        });
        joining.Stop();
        await Parallel.ForEachAsync(members, options, async (member, _) =>
            await member.Api.Data("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
                new { c = campaignId, v = member.Id, p = member.PlaceId }));
        return new District(campaignId, wardIds, teams.Length, members, joining.Elapsed);
    }
}
