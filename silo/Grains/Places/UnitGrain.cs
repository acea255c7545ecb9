using System.Collections.Immutable;
using Volunteers.Places;

namespace Volunteers.Places;

[GenerateSerializer]
public sealed class UnitState
{
    [Id(0)] public UnitInfo? Unit { get; set; }
}

public sealed class UnitGrain(
    [PersistentState("unit", GrainStorage.Name)] IPersistentState<UnitState> state) : Grain, IUnitGrain
{
    private UnitInfo Unit => state.State.Unit ?? throw DomainException.NotFound("unitId", this.GetPrimaryKeyString());

    public async Task<UnitInfo> Create(NewUnit unit)
    {
        var created = await CreateUnlinked(unit);
        var directory = GrainFactory.GetGrain<IUnitDirectoryGrain>(0);
        await (created.ParentId is null ? directory.AddRoot(created.Id) : GrainFactory.GetGrain<IUnitGrain>(created.ParentId).AddChild(created.Id));
        return created;
    }

    public async Task<UnitInfo> CreateUnlinked(NewUnit unit)
    {
        if (state.State.Unit is not null)
        {
            throw DomainException.Conflict("id", $"Unit '{this.GetPrimaryKeyString()}' exists already.");
        }
        var name = Validate.Text(unit.Name, "name", 200);
        var code = Validate.Code(unit.Code, "code");
        UnitInfo? parent = null;
        if (unit.ParentId is not null)
        {
            parent = await GrainFactory.GetGrain<IUnitGrain>(unit.ParentId).Get()
                ?? throw DomainException.NotFound("parentId", unit.ParentId);
        }
        if (!unit.Kind.MayHaveParent(parent?.Kind))
        {
            throw DomainException.Invalid("parentId", parent is null
                ? $"A {unit.Kind} needs a parent unit."
                : $"A {unit.Kind} cannot sit under a {parent.Kind}.");
        }
        var id = this.GetPrimaryKeyString();
        if (code is not null)
        {
            await GrainFactory.GetGrain<IUnitDirectoryGrain>(0).ClaimCode(code, id);
        }
        state.State.Unit = new UnitInfo(id, name, unit.Kind, code, parent?.Id, [], []);
        await state.WriteStateAsync();
        return state.State.Unit;
    }

    public Task<UnitInfo?> Get() => Task.FromResult(state.State.Unit);

    public Task AddChild(string childId) => AddChildren([childId]);

    public async Task AddChildren(ImmutableArray<string> childIds)
    {
        var unit = Unit;
        var fresh = childIds.Distinct(StringComparer.Ordinal).Except(unit.ChildIds, StringComparer.Ordinal).ToList();
        if (fresh.Count > 0)
        {
            state.State.Unit = unit with { ChildIds = unit.ChildIds.AddRange(fresh) };
            await state.WriteStateAsync();
        }
    }

    public async Task AddTeam(string teamId)
    {
        var unit = Unit;
        if (unit.Kind != UnitKind.Ward)
        {
            throw DomainException.Invalid("wardId", $"Teams belong to a ward; '{unit.Name}' is a {unit.Kind}.");
        }
        if (!unit.TeamIds.Contains(teamId))
        {
            state.State.Unit = unit with { TeamIds = unit.TeamIds.Add(teamId) };
            await state.WriteStateAsync();
        }
    }
}

[GenerateSerializer]
public sealed class UnitDirectoryState
{
    [Id(0)] public ImmutableArray<string> Roots { get; set; } = [];

    [Id(1)] public Dictionary<string, string> Codes { get; set; } = new(StringComparer.Ordinal);
}

public sealed class UnitDirectoryGrain(
    [PersistentState("unit-directory", GrainStorage.Name)] IPersistentState<UnitDirectoryState> state) : Grain, IUnitDirectoryGrain
{
    public async Task ClaimCode(string code, string unitId)
    {
        if (state.State.Codes.TryGetValue(code, out var owner))
        {
            if (owner == unitId)
            {
                return;
            }
            throw DomainException.Conflict("code", $"The official code '{code}' belongs to unit '{owner}' already.");
        }
        state.State.Codes[code] = unitId;
        await state.WriteStateAsync();
    }

    public async Task<ImmutableDictionary<string, string>> ClaimCodes(ImmutableDictionary<string, string> unitIdsByCode)
    {
        var owners = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var claimed = false;
        foreach (var (code, unitId) in unitIdsByCode)
        {
            if (!state.State.Codes.TryGetValue(code, out var owner))
            {
                owner = state.State.Codes[code] = unitId;
                claimed = true;
            }
            owners[code] = owner;
        }
        if (claimed)
        {
            await state.WriteStateAsync();
        }
        return owners.ToImmutable();
    }

    public Task<ImmutableDictionary<string, string>> FindByCodes(ImmutableArray<string> codes) =>
        Task.FromResult(codes.Where(state.State.Codes.ContainsKey).Distinct(StringComparer.Ordinal)
            .ToImmutableDictionary(c => c, c => state.State.Codes[c], StringComparer.Ordinal));

    public async Task AddRoot(string unitId)
    {
        if (!state.State.Roots.Contains(unitId))
        {
            state.State.Roots = state.State.Roots.Add(unitId);
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<string>> Roots() => Task.FromResult(state.State.Roots);

    public Task<string?> FindByCode(string code) => Task.FromResult(state.State.Codes.GetValueOrDefault(code));
}
