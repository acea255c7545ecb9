using Orleans.Concurrency;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Messages;

[StatelessWorker]
public sealed class MessageSenderGrain(TimeProvider time) : Grain, IMessageSenderGrain
{
    public async Task<SentMessage> Send(Sender sender, string scopeId, string text)
    {
        var body = Validate.Text(text, "text", Inbox.MaxText);
        var (scopeName, teamIds) = await Teams(scopeId);
        if (teamIds.Count == 0)
        {
            throw DomainException.Invalid("scopeId", $"'{scopeName}' has no teams yet; the message would reach no one.");
        }
        var message = new TeamMessage(Ids.New(Inbox.MessageKind), sender.Role, sender.Name, await NameOf(sender.ScopeId),
            scopeId, scopeName, body, time.GetUtcNow());
        await Task.WhenAll(teamIds.Select(id => GrainFactory.GetGrain<ITeamInboxGrain>(id).Post(message)));
        return new SentMessage(message, teamIds.Count);
    }

    /// <summary>The scope's name and the teams below it: a team itself, a ward's teams, or those of every ward below a unit.</summary>
    private async Task<(string Name, List<string> TeamIds)> Teams(string scopeId)
    {
        if (Ids.IsKind(scopeId, Ids.Team))
        {
            var team = await GrainFactory.GetGrain<ITeamGrain>(scopeId).Get() ?? throw DomainException.NotFound("scopeId", scopeId);
            return (team.Name, [team.Id]);
        }
        var unit = await Unit(Ids.Require(scopeId, "scopeId", Ids.Unit));
        if (unit.Kind.IsPlace())
        {
            throw DomainException.Invalid("scopeId", $"Messages go to a team, a ward or a unit above wards; '{unit.Name}' is a {unit.Kind}.");
        }
        var teamIds = new List<string>();
        var level = new List<UnitInfo> { unit };
        while (level.Count > 0)
        {
            teamIds.AddRange(level.SelectMany(u => u.TeamIds));
            var below = level.SelectMany(u => u.ChildIds).Select(id => GrainFactory.GetGrain<IUnitGrain>(id).Get());
            level = [.. (await Task.WhenAll(below)).OfType<UnitInfo>().Where(u => !u.Kind.IsPlace())];
        }
        return (unit.Name, teamIds);
    }

    private async Task<UnitInfo> Unit(string unitId) =>
        await GrainFactory.GetGrain<IUnitGrain>(unitId).Get() ?? throw DomainException.NotFound("scopeId", unitId);

    /// <summary>Where the sender sits, by name; a scope gone since the token was issued leaves its id.</summary>
    private async Task<string> NameOf(string scopeId) => Ids.IsKind(scopeId, Ids.Team)
        ? (await GrainFactory.GetGrain<ITeamGrain>(scopeId).Get())?.Name ?? scopeId
        : (await GrainFactory.GetGrain<IUnitGrain>(scopeId).Get())?.Name ?? scopeId;
}
