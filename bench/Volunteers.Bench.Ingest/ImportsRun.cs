using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Volunteers.Bench;

/// <summary>
/// Issue #7's speed, as an organiser meets it: a province's units file (34 districts, 3,321 communes) under
/// the organiser's province, then a roster of 10,000 volunteers in 100 teams of those communes, each posted
/// as CSV and followed until done; then both files again, which must match every row and create nothing.
/// The files' codes are fixed, so it needs an empty store (run.sh starts one): against a store that has them
/// already, the first posting matches instead of creating, and the run fails.
/// </summary>
public static class ImportsRun
{
    private const int Districts = 34;
    private const int Communes = 3_321;
    private const int Teams = 100;
    private const int Volunteers = 10_000;
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(200);

    public static async Task<(string Table, bool Clean)> RunAsync(IngestOptions options)
    {
        using var http = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(10) };
        var organiser = await Organiser.SignInAsync(new ApiClient(http), options.Organiser, options.Password);
        var api = organiser.Api;
        var province = (string?)(await api.Data("query($p: ID!) { unit(id: $p) { code } }", new { p = organiser.ProvinceId }))["unit"]!["code"]
            ?? throw new InvalidOperationException("The organiser's province has no code for the file's parent_code: create-organiser --code.");

        var units = new StringBuilder("code,name,kind,parent_code\n");
        var districtCodes = Enumerable.Range(1, Districts).Select(d => string.Create(CultureInfo.InvariantCulture, $"{province}{d:D3}")).ToArray();
        foreach (var code in districtCodes)
        {
            units.Append(CultureInfo.InvariantCulture, $"{code},Huyện {code},huyện,{province}\n");
        }
        // The communes shared out as evenly as the counts allow: 97 or 98 a district.
        for (var c = 0; c < Communes; c++)
        {
            var district = districtCodes[c * Districts / Communes];
            units.Append(CultureInfo.InvariantCulture, $"{district}{c:D4},Xã {c + 1},xã,{district}\n");
        }
        var rows = new List<Imported> { await ImportAsync(api, "units", units.ToString(), "first"), await ImportAsync(api, "units", units.ToString(), "again") };

        var communeIds = new List<string>();
        foreach (var district in (await api.Data("query($p: ID!) { units(parentId: $p) { id code } }", new { p = organiser.ProvinceId }))["units"]!.AsArray()
            .Where(u => districtCodes.Contains((string?)u!["code"])).Select(u => (string)u!["id"]!))
        {
            communeIds.AddRange((await api.Data("query($p: ID!) { units(parentId: $p) { id } }", new { p = district }))["units"]!.AsArray()
                .Select(u => (string)u!["id"]!).Take(Teams - communeIds.Count));
            if (communeIds.Count == Teams)
            {
                break;
            }
        }
        var teamIds = new string[Teams];
        await Parallel.ForEachAsync(Enumerable.Range(0, Teams), async (t, _) =>
            teamIds[t] = (string)(await api.Data("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ công nghệ số\") { id } }", new { w = communeIds[t] }))["createTeam"]!["id"]!);
        var roster = new StringBuilder("team,name,phone,branch\n");
        for (var v = 0; v < Volunteers; v++)
        {
            roster.Append(CultureInfo.InvariantCulture, $"{teamIds[v % Teams]},TNV {v + 1},09{v:D8},Đoàn xã\n");
        }
        rows.Add(await ImportAsync(api, "volunteers", roster.ToString(), "first"));
        rows.Add(await ImportAsync(api, "volunteers", roster.ToString(), "again"));

        // A first import creates every row; the same file again matches every row and creates none.
        var expected = new[] { (Districts + Communes, 0), (0, Districts + Communes), (Volunteers, 0), (0, Volunteers) };
        var clean = rows.Zip(expected).All(p => (p.First.Created, p.First.Matched) == p.Second && p.First.Errors.Count == 0);
        return ("| store | file | rows | import | seconds | created | matched | errors |\n|---|---|---|---|---|---|---|---|\n"
            + string.Join('\n', rows.Select(r => r.Row(options.Label))), clean);
    }

    private sealed record Imported(string Kind, string Attempt, int Total, double Seconds, int Created, int Matched, JsonArray Errors)
    {
        public string Row(string label) => string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {Kind} | {Total:N0} | {Attempt} | {Seconds:0.0} | {Created:N0} | {Matched:N0} | {Errors.Count}{(Errors.Count > 0 ? $" (first: {Errors[0]!["message"]})" : "")} |");
    }

    /// <summary>Posts the file and follows the job until it is done; the seconds are the client's, from posting to done.</summary>
    private static async Task<Imported> ImportAsync(ApiClient api, string kind, string csv, string attempt)
    {
        var started = Stopwatch.GetTimestamp();
        var job = await api.Send(HttpMethod.Post, $"/import/{kind}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        var id = (string)job["id"]!;
        while (!(bool)job["done"]!)
        {
            await Task.Delay(PollEvery);
            job = await api.Send(HttpMethod.Get, $"/import/{id}");
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (job["failure"] is JsonValue failure)
        {
            throw new InvalidOperationException($"The {kind} import failed: {failure}");
        }
        return new Imported(kind, attempt, (int)job["total"]!, seconds, (int)job["created"]!, (int)job["matched"]!, job["errors"]!.AsArray());
    }
}
