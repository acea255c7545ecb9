using System.Collections.Concurrent;
using System.Collections.Immutable;
using Volunteers.Api.Access;
using Volunteers.Places;

namespace Volunteers.Api.Imports;

/// <summary>
/// Imports administrative units and neighbourhoods by their official codes (columns code, name,
/// kind, parent_code). A code already in the store is matched, not created again, so the same file
/// imported twice changes nothing; a parent may be in the file (in any order) or in the store.
/// </summary>
public sealed class UnitImport(IGrainFactory grains)
{
    public const string Kind = "units";
    public static readonly string[] Columns = ["code", "name", "kind", "parent_code"];
    private const int Parallelism = 8;

    /// <summary>Official and everyday names of the kinds, so a file exported from the ministry's list reads as it is.</summary>
    private static readonly Dictionary<string, UnitKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["province"] = UnitKind.Province, ["tỉnh"] = UnitKind.Province, ["thành phố trực thuộc trung ương"] = UnitKind.Province,
        ["district"] = UnitKind.District, ["quận"] = UnitKind.District, ["huyện"] = UnitKind.District, ["thị xã"] = UnitKind.District,
        ["thành phố thuộc tỉnh"] = UnitKind.District,
        ["ward"] = UnitKind.Ward, ["commune"] = UnitKind.Ward, ["phường"] = UnitKind.Ward, ["xã"] = UnitKind.Ward, ["thị trấn"] = UnitKind.Ward,
        ["đặc khu"] = UnitKind.Ward,
        ["neighbourhood"] = UnitKind.Neighbourhood, ["khu phố"] = UnitKind.Neighbourhood, ["tổ dân phố"] = UnitKind.Neighbourhood,
        ["thôn"] = UnitKind.Neighbourhood, ["ấp"] = UnitKind.Neighbourhood, ["bản"] = UnitKind.Neighbourhood, ["xóm"] = UnitKind.Neighbourhood,
        ["desk"] = UnitKind.Desk, ["bộ phận một cửa"] = UnitKind.Desk,
        ["service-centre"] = UnitKind.ServiceCentre, ["trung tâm phục vụ hành chính công"] = UnitKind.ServiceCentre,
    };

    public async Task Run(ImportJob job, IReadOnlyList<ImportRow> file, ImportScope mayBuildUnder)
    {
        job.Total = file.Count;
        var rows = new List<Row>(file.Count);
        var byCode = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var cells in file)
        {
            try
            {
                var row = Parse(cells);
                if (byCode.TryGetValue(row.Code, out var first))
                {
                    throw new DomainException("DUPLICATE", "code", $"code '{row.Code}' appears again; it is on line {first.Line} already.");
                }
                byCode[row.Code] = row;
                rows.Add(row);
            }
            catch (DomainException refusal)
            {
                job.Refused(ImportError.Of(cells.Line, refusal));
            }
        }

        var directory = grains.GetGrain<IUnitDirectoryGrain>(0);
        var owners = await directory.FindByCodes([.. rows.Select(r => r.Code).Concat(rows.Select(r => r.ParentCode).OfType<string>()).Distinct(StringComparer.Ordinal)]);
        var known = (await Task.WhenAll(owners.Values.Distinct(StringComparer.Ordinal).Select(id => grains.GetGrain<IUnitGrain>(id).Get())))
            .OfType<UnitInfo>().ToDictionary(u => u.Id, StringComparer.Ordinal);
        // Decided once per stored parent, before the rows are placed: a file builds only under units the caller administers.
        var inScope = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parentId in rows.Select(r => r.ParentCode).OfType<string>().Where(owners.ContainsKey).Select(c => owners[c]).Distinct(StringComparer.Ordinal))
        {
            if (await mayBuildUnder(parentId))
            {
                inScope.Add(parentId);
            }
        }
        var mayAddRoots = await mayBuildUnder(null);

        var resolved = new Dictionary<string, Resolved>(StringComparer.Ordinal);
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        Resolved Resolve(Row row)
        {
            if (resolved.TryGetValue(row.Code, out var done))
            {
                return done;
            }
            if (!visiting.Add(row.Code))
            {
                return Resolved.Refused(DomainException.Invalid("parent_code", $"parent_code: the parents of '{row.Code}' lead back to it."));
            }
            var result = Place(row, owners.GetValueOrDefault(row.Code), ParentOf(row));
            visiting.Remove(row.Code);
            return resolved[row.Code] = result;
        }

        Resolved? ParentOf(Row row)
        {
            if (row.ParentCode is null)
            {
                return null;
            }
            if (byCode.TryGetValue(row.ParentCode, out var parentRow))
            {
                var parent = Resolve(parentRow);
                return parent.Error is null ? parent : Resolved.Refused(DomainException.Invalid("parent_code",
                    $"parent_code: the parent '{row.ParentCode}' on line {parentRow.Line} was refused."));
            }
            return owners.TryGetValue(row.ParentCode, out var ownerId) && known.TryGetValue(ownerId, out var unit)
                ? inScope.Contains(unit.Id)
                    ? new Resolved(unit.Id, unit.Kind, 0, false, null)
                    : Resolved.Refused(OutOfScope($"parent_code: '{row.ParentCode}' is outside the units your account administers."))
                : Resolved.Refused(new DomainException("NOT_FOUND", "parent_code", $"parent_code: no unit in this file or already stored has the code '{row.ParentCode}'."));
        }

        Resolved Place(Row row, string? ownerId, Resolved? parent)
        {
            if (parent?.Error is { } parentError)
            {
                return Resolved.Refused(parentError);
            }
            if (parent is null && !mayAddRoots)
            {
                return Resolved.Refused(OutOfScope($"parent_code: '{row.Code}' has none; a unit at the top of the tree is made by the first-run step, not by an import."));
            }
            if (!row.Kind.MayHaveParent(parent?.Kind))
            {
                return Resolved.Refused(DomainException.Invalid("parent_code", parent is null
                    ? $"parent_code: a {row.Kind} needs a parent unit."
                    : $"parent_code: a {row.Kind} cannot sit under a {parent.Kind}."));
            }
            if (ownerId is not null && known.TryGetValue(ownerId, out var existing))
            {
                var differs = new[] { (existing.Name != row.Name, "name"), (existing.Kind != row.Kind, "kind"), (existing.ParentId != parent?.Id, "parent_code") }
                    .Where(d => d.Item1).Select(d => d.Item2).ToList();
                return differs.Count == 0
                    ? new Resolved(existing.Id, existing.Kind, 0, false, null)
                    : Resolved.Refused(DomainException.Conflict("code",
                        $"code '{row.Code}' belongs to '{existing.Name}' already, which differs in {string.Join(", ", differs)}; units are matched by code, not changed."));
            }
            // A code claimed by an import that stopped before creating its unit is taken up again under the same id.
            return new Resolved(ownerId ?? Ids.New(Ids.Unit), row.Kind, (parent?.Depth ?? 0) + 1, true, null);
        }

        foreach (var row in rows)
        {
            if (Resolve(row) is { Error: { } error })
            {
                job.Refused(ImportError.Of(row.Line, error));
            }
        }
        var fresh = rows.Where(r => resolved[r.Code] is { IsNew: true, Error: null }).ToList();
        foreach (var row in rows.Where(r => resolved[r.Code] is { IsNew: false, Error: null }))
        {
            job.Matched();
        }
        if (job.HasErrors && job.Mode == ImportMode.AllOrNothing)
        {
            job.SettleAll();
            return;
        }

        var placed = new ConcurrentBag<Row>(rows.Where(r => resolved[r.Code] is { IsNew: false, Error: null }));
        // One directory write for the whole file instead of one per unit.
        var claimed = await directory.ClaimCodes(fresh.ToImmutableDictionary(r => r.Code, r => resolved[r.Code].Id, StringComparer.Ordinal));
        foreach (var level in fresh.GroupBy(r => resolved[r.Code].Depth).OrderBy(g => g.Key))
        {
            await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (row, _) =>
            {
                var unit = resolved[row.Code];
                if (claimed[row.Code] != unit.Id)
                {
                    job.Refused(new ImportError(row.Line, "code", "CONFLICT", $"code '{row.Code}' was taken by unit '{claimed[row.Code]}' while this file was imported."));
                    return;
                }
                try
                {
                    await grains.GetGrain<IUnitGrain>(unit.Id).CreateUnlinked(new NewUnit(row.Name, row.Kind, row.Code, ParentId(row)));
                    placed.Add(row);
                    job.Created(row.Line);
                }
                catch (DomainException refusal)
                {
                    job.Refused(ImportError.Of(row.Line, refusal));
                }
            });
        }

        // Each parent lists the file's units under it with one write, after they exist: a file stopped
        // before this leaves units found by code but missing from their parent, and sending it again
        // links the matched units here, while a parent that lists them all already is not written.
        await Parallel.ForEachAsync(placed.GroupBy(ParentId), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (children, _) =>
        {
            var ids = children.Select(r => resolved[r.Code].Id).ToImmutableArray();
            if (children.Key is { } parentId)
            {
                await grains.GetGrain<IUnitGrain>(parentId).AddChildren(ids);
            }
            else
            {
                foreach (var id in ids)
                {
                    await directory.AddRoot(id);
                }
            }
        });

        string? ParentId(Row row) =>
            row.ParentCode is null ? null : byCode.TryGetValue(row.ParentCode, out var parentRow) ? resolved[parentRow.Code].Id : owners[row.ParentCode];
    }

    private static DomainException OutOfScope(string message) => new(AccessMiddleware.Forbidden, "parent_code", message);

    private static Row Parse(ImportRow cells)
    {
        var code = Validate.Code(cells["code"], "code") ?? throw DomainException.Invalid("code", "code must not be empty: units are matched by their official code.");
        var name = Validate.Text(cells["name"], "name", 200);
        var kindText = cells["kind"]?.Trim() ?? "";
        if (!Kinds.TryGetValue(kindText, out var kind))
        {
            throw DomainException.Invalid("kind", $"kind '{kindText}' is not a unit kind: province, district, ward, neighbourhood, desk or service-centre (or tỉnh, huyện, xã, phường, thôn, tổ dân phố…).");
        }
        return new Row(cells.Line, code, name, kind, Validate.Code(cells["parent_code"], "parent_code"));
    }

    private sealed record Row(int Line, string Code, string Name, UnitKind Kind, string? ParentCode);

    /// <param name="Depth">How many new units of the file stand above this one; 0 for a unit that exists.</param>
    private sealed record Resolved(string Id, UnitKind Kind, int Depth, bool IsNew, DomainException? Error)
    {
        public static Resolved Refused(DomainException error) => new("", default, 0, false, error);
    }
}
