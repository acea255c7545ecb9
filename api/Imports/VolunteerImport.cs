using Volunteers.Api.Access;
using Volunteers.Teams;

namespace Volunteers.Api.Imports;

/// <summary>
/// Imports team rosters (columns team, name, phone, branch; team is the team's id). A volunteer is
/// matched by phone within the team, so the same file imported twice changes nothing.
/// </summary>
public sealed class VolunteerImport(IGrainFactory grains)
{
    public const string Kind = "volunteers";
    public static readonly string[] Columns = ["team", "name", "phone"];
    private const int Parallelism = 16;

    public async Task Run(ImportJob job, IReadOnlyList<ImportRow> file, ImportScope mayStaff)
    {
        job.Total = file.Count;
        var teamIds = file.Select(r => r["team"]?.Trim()).Where(t => t is not null && Ids.IsKind(t, Ids.Team)).Distinct(StringComparer.Ordinal).ToList();
        var teams = (await Task.WhenAll(teamIds.Select(id => grains.GetGrain<ITeamGrain>(id!).Get())))
            .OfType<TeamInfo>().ToDictionary(t => t.Id, StringComparer.Ordinal);
        var inScope = new HashSet<string>(StringComparer.Ordinal);
        foreach (var teamId in teams.Keys)
        {
            if (await mayStaff(teamId))
            {
                inScope.Add(teamId);
            }
        }
        var phones = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Roster ids without a volunteer: an import that stopped after listing its rows and before writing them.
        var vacant = new Dictionary<string, Queue<string>>(StringComparer.Ordinal);
        foreach (var team in teams.Values)
        {
            var members = await Task.WhenAll(team.VolunteerIds.Select(id => grains.GetGrain<IVolunteerGrain>(id).Get()));
            phones[team.Id] = [.. members.OfType<VolunteerInfo>().Select(v => v.Phone)];
            vacant[team.Id] = new(team.VolunteerIds.Where((_, i) => members[i] is null));
        }

        var seen = new Dictionary<(string Team, string Phone), int>();
        var fresh = new List<(int Line, string Id, NewVolunteer Volunteer)>();
        var joining = teams.Keys.ToDictionary(id => id, _ => 0, StringComparer.Ordinal);
        foreach (var cells in file)
        {
            try
            {
                var volunteer = Parse(cells, teams);
                if (!inScope.Contains(volunteer.TeamId))
                {
                    throw new DomainException(AccessMiddleware.Forbidden, "team", $"team '{volunteer.TeamId}' is outside the wards your account administers.");
                }
                if (seen.TryGetValue((volunteer.TeamId, volunteer.Phone), out var first))
                {
                    throw new DomainException("DUPLICATE", "phone", $"phone '{volunteer.Phone}' appears again for this team; it is on line {first} already.");
                }
                seen[(volunteer.TeamId, volunteer.Phone)] = cells.Line;
                if (phones[volunteer.TeamId].Contains(volunteer.Phone))
                {
                    job.Matched();
                    continue;
                }
                var team = teams[volunteer.TeamId];
                if (vacant[team.Id].Count == 0 && team.VolunteerIds.Length + joining[team.Id] >= TeamInfo.MaxMembers)
                {
                    throw DomainException.Invalid("team", $"team '{team.Name}' would have more than {TeamInfo.MaxMembers} members.");
                }
                if (!vacant[team.Id].TryDequeue(out var id))
                {
                    id = Ids.New(Ids.Volunteer);
                    joining[team.Id]++;
                }
                fresh.Add((cells.Line, id, volunteer));
            }
            catch (DomainException refusal)
            {
                job.Refused(ImportError.Of(cells.Line, refusal));
            }
        }
        if (job.HasErrors && job.Mode == ImportMode.AllOrNothing)
        {
            job.SettleAll();
            return;
        }

        // One roster write per team, before the volunteers: a file stopped in between leaves roster ids
        // that the same file sent again fills, never a volunteer that no roster lists.
        var listed = new List<(int Line, string Id, NewVolunteer Volunteer)>(fresh.Count);
        foreach (var team in fresh.GroupBy(r => r.Volunteer.TeamId, StringComparer.Ordinal))
        {
            try
            {
                await grains.GetGrain<ITeamGrain>(team.Key).AddVolunteers([.. team.Select(r => r.Id)]);
                listed.AddRange(team);
            }
            catch (DomainException refusal)
            {
                // Another change filled the roster since the file was checked; the column at fault is the team.
                foreach (var row in team)
                {
                    job.Refused(new ImportError(row.Line, "team", refusal.Code, refusal.Message));
                }
            }
        }
        await Parallel.ForEachAsync(listed, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (row, _) =>
        {
            try
            {
                await CreateListed(row.Id, row.Volunteer);
                job.Created(row.Line);
            }
            catch (DomainException refusal)
            {
                // The grain names its argument; the person fixing the file needs the column.
                job.Refused(refusal.Field == "teamId" ? new ImportError(row.Line, "team", refusal.Code, refusal.Message) : ImportError.Of(row.Line, refusal));
            }
        });
    }

    private async Task CreateListed(string id, NewVolunteer volunteer)
    {
        try
        {
            await grains.GetGrain<IVolunteerGrain>(id).CreateListed(volunteer);
        }
        catch (DomainException taken) when (taken is { Code: "CONFLICT", Field: "id" })
        {
            // A vacancy this file took was filled meanwhile by another change to the team (an addVolunteer
            // or a second import still writing): the row takes a new id of its own.
            var fresh = Ids.New(Ids.Volunteer);
            await grains.GetGrain<ITeamGrain>(volunteer.TeamId).AddVolunteers([fresh]);
            await grains.GetGrain<IVolunteerGrain>(fresh).CreateListed(volunteer);
        }
    }

    private static NewVolunteer Parse(ImportRow cells, Dictionary<string, TeamInfo> teams)
    {
        var teamId = Ids.Require(cells["team"]?.Trim(), "team", Ids.Team);
        if (!teams.ContainsKey(teamId))
        {
            throw DomainException.NotFound("team", teamId);
        }
        var name = Validate.Text(cells["name"], "name", 100);
        var phone = Validate.Phone(ExcelPhone(cells["phone"]), "phone");
        return new NewVolunteer(name, phone, Validate.OptionalText(cells["branch"], "branch", 200), teamId);
    }

    /// <summary>A spreadsheet that took a phone number for a number drops its leading 0 (912345678); the 0 is put back.</summary>
    private static string? ExcelPhone(string? phone) =>
        phone is { Length: 9 } && phone.All(char.IsAsciiDigit) && phone[0] != '0' ? "0" + phone : phone;
}
