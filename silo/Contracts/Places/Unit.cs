using System.Collections.Immutable;

namespace Volunteers.Places;

/// <summary>
/// Administrative units and the fixed points where work happens share one tree: a neighbourhood,
/// a one-stop desk or a service centre is a place under its ward.
/// </summary>
public enum UnitKind
{
    Province,
    District,
    Ward,
    Neighbourhood,
    Desk,
    ServiceCentre,
}

public static class UnitKinds
{
    public static bool IsPlace(this UnitKind kind) =>
        kind is UnitKind.Neighbourhood or UnitKind.Desk or UnitKind.ServiceCentre;

    /// <summary>Which kinds may sit directly under a parent of the given kind (null: a root).</summary>
    public static bool MayHaveParent(this UnitKind kind, UnitKind? parent) => (kind, parent) switch
    {
        (UnitKind.Province, null) => true,
        (UnitKind.District, UnitKind.Province) => true,
        (UnitKind.Ward, UnitKind.Province or UnitKind.District) => true,
        (UnitKind.Neighbourhood, UnitKind.Ward) => true,
        (UnitKind.Desk or UnitKind.ServiceCentre, UnitKind.Ward or UnitKind.District) => true,
        _ => false,
    };
}

[GenerateSerializer, Immutable]
public sealed record NewUnit(
    [property: Id(0)] string Name,
    [property: Id(1)] UnitKind Kind,
    [property: Id(2)] string? Code,
    [property: Id(3)] string? ParentId);

[GenerateSerializer, Immutable]
public sealed record UnitInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] UnitKind Kind,
    [property: Id(3)] string? Code,
    [property: Id(4)] string? ParentId,
    [property: Id(5)] ImmutableArray<string> ChildIds,
    [property: Id(6)] ImmutableArray<string> TeamIds);

public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>Creates the unit; the parent learns of its new child.</summary>
    Task<UnitInfo> Create(NewUnit unit);

    /// <summary>
    /// Creates the unit without telling its parent, for an import that lists a whole file's units on each
    /// parent with one <see cref="AddChildren"/> afterwards instead of one parent write per unit.
    /// </summary>
    Task<UnitInfo> CreateUnlinked(NewUnit unit);

    /// <summary>The unit, or null when no unit has this id.</summary>
    Task<UnitInfo?> Get();

    Task AddChild(string childId);

    /// <summary>Lists those of the children that are not listed yet, with one state write at most.</summary>
    Task AddChildren(ImmutableArray<string> childIds);

    Task AddTeam(string teamId);
}

/// <summary>The roots of the unit tree and the official codes in use, so a code is never given twice.</summary>
public interface IUnitDirectoryGrain : IGrainWithIntegerKey
{
    Task ClaimCode(string code, string unitId);

    /// <summary>
    /// Claims many codes with one state write, as an import of thousands of units needs; a code
    /// that is taken keeps its owner. Returns the owner of every code named, new or old.
    /// </summary>
    Task<ImmutableDictionary<string, string>> ClaimCodes(ImmutableDictionary<string, string> unitIdsByCode);

    /// <summary>The owners of those of <paramref name="codes"/> that are claimed.</summary>
    Task<ImmutableDictionary<string, string>> FindByCodes(ImmutableArray<string> codes);

    Task AddRoot(string unitId);

    Task<ImmutableArray<string>> Roots();

    Task<string?> FindByCode(string code);
}
