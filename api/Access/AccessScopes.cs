using Microsoft.Extensions.Caching.Memory;
using Volunteers.Accounts;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Api.Access;

/// <summary>
/// Places units, teams and volunteers in the unit tree for the access rules. A unit never moves, a team
/// never changes ward and a volunteer never changes team, so what is learnt once is cached for good
/// (bounded in size); only ids that exist are cached.
/// </summary>
public sealed class AccessScopes(IGrainFactory grains) : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    public Task<Target> Unit(string? id, string field) => UnitTarget(Ids.Require(id, field, Ids.Unit), field);

    public async Task<Target> Team(string? id, string field)
    {
        var teamId = Ids.Require(id, field, Ids.Team);
        var wardId = await Cached(teamId, async () => (await grains.GetGrain<ITeamGrain>(teamId).Get())?.WardId, field);
        return await UnitTarget(wardId, field) with { TeamId = teamId };
    }

    public async Task<Target> Volunteer(string? id, string field)
    {
        var volunteerId = Ids.Require(id, field, Ids.Volunteer);
        var teamId = await Cached(volunteerId, async () => (await grains.GetGrain<IVolunteerGrain>(volunteerId).Get())?.TeamId, field);
        return await Team(teamId, field) with { VolunteerId = volunteerId };
    }

    /// <summary>A unit, team or volunteer, told apart by the id's kind.</summary>
    public Task<Target> Any(string? id, string field) =>
        id is not null && Ids.IsKind(id, Ids.Team) ? Team(id, field)
        : id is not null && Ids.IsKind(id, Ids.Volunteer) ? Volunteer(id, field)
        : Unit(id, field);

    /// <summary>The target an account's scope names: a unit for organisers and officials, a team, or a volunteer.</summary>
    public Task<Target> OfScope(Role role, string scopeId) => role switch
    {
        Role.Organiser or Role.Official => Unit(scopeId, "scopeId"),
        Role.Leader => Team(scopeId, "scopeId"),
        _ => Volunteer(scopeId, "scopeId"),
    };

    /// <summary>Where the caller stands; a caller whose scope is gone (a deleted account's last token) stands nowhere.</summary>
    public async Task<Home> HomeOf(Caller caller)
    {
        if (caller.Role is not { } role || caller.ScopeId is not { } scopeId)
        {
            return new Home(caller, [], null, null);
        }
        try
        {
            var target = await OfScope(role, scopeId);
            return new Home(caller, target.Units, target.TeamId, target.VolunteerId);
        }
        catch (DomainException)
        {
            return new Home(caller, [], null, null);
        }
    }

    public void Dispose() => _cache.Dispose();

    private Task<Target> UnitTarget(string unitId, string field) =>
        Cached(unitId, async () =>
        {
            var unit = await grains.GetGrain<IUnitGrain>(unitId).Get();
            return unit is null ? null
                : unit.ParentId is null ? new Target([unit.Id])
                : new Target((await UnitTarget(unit.ParentId, field)).Units.Add(unit.Id));
        }, field);

    private async Task<T> Cached<T>(string id, Func<Task<T?>> load, string field) where T : class
    {
        if (_cache.TryGetValue(id, out T? known) && known is not null)
        {
            return known;
        }
        var loaded = await load() ?? throw DomainException.NotFound(field, id);
        _cache.Set(id, loaded, new MemoryCacheEntryOptions { Size = 1 });
        return loaded;
    }
}
