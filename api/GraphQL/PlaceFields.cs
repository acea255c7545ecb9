using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Places;

namespace Volunteers.Api.GraphQL;

/// <summary>The unit tree: provinces, districts, wards and their places (neighbourhoods and desks), read and created.</summary>
public static class PlaceFields
{
    public const int MaxBulkUnits = 5000;

    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitType>>>>("units")
            .Description("The units directly under parentId; the top of the tree without it.")
            .Argument<IdGraphType>("parentId")
            .WithComplexityImpact(c => new(1, c.Arguments?.ContainsKey("parentId") == true ? QueryCost.UnitChildren : QueryCost.UnitRoots))
            .ResolveAsync(async c =>
            {
                var parentId = c.GetArgument<string?>("parentId");
                var ids = parentId is null
                    ? await c.Grains().GetGrain<IUnitDirectoryGrain>(0).Roots()
                    : (await c.Unit(parentId, "parentId")).ChildIds;
                return await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<IUnitGrain>(id).Get().Existing("unitId", id)));
            });

        query.Field<NonNullGraphType<UnitType>>("unit")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Unit(c.GetArgument<string>("id"), "id"));
    }

    public static void Mutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<UnitType>>("createUnit")
            .Argument<NonNullGraphType<UnitInputType>>("input")
            .ResolveAsync(async c => await CreateUnit(c, c.GetArgument<UnitInput>("input"), new Dictionary<string, string>()));

        mutation.Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitType>>>>("createUnits")
            .Description("Creates many units in order; an item may name an earlier item's key as its parentKey. Every item is checked before any is written: a refused call creates none.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<UnitInputType>>>>("inputs")
            .ResolveAsync(async c =>
            {
                var inputs = c.GetArgument<List<UnitInput>>("inputs");
                if (inputs.Count > MaxBulkUnits)
                {
                    throw DomainException.Invalid("inputs", $"At most {MaxBulkUnits} units per call; got {inputs.Count}.");
                }
                await CheckUnits(c.Grains(), inputs);
                var keys = new Dictionary<string, string>(StringComparer.Ordinal);
                var created = new List<UnitInfo>(inputs.Count);
                foreach (var input in inputs)
                {
                    created.Add(await CreateUnit(c, input, keys));
                }
                return created;
            });
    }

    private static async Task<UnitInfo> CreateUnit(IResolveFieldContext context, UnitInput input, Dictionary<string, string> keys)
    {
        var parentId = input.ParentKey is null
            ? input.ParentId
            : keys.TryGetValue(input.ParentKey, out var id) ? id : throw DomainException.Invalid("parentKey", $"No earlier item has the key '{input.ParentKey}'.");
        if (parentId is not null)
        {
            Ids.Require(parentId, "parentId", Ids.Unit);
        }
        var unit = await context.Grains().GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit(input.Name, input.Kind, input.Code, parentId));
        if (input.Key is not null && !keys.TryAdd(input.Key, unit.Id))
        {
            throw DomainException.Invalid("key", $"The key '{input.Key}' is used twice.");
        }
        return unit;
    }

    /// <summary>
    /// Checks every item of a createUnits call as its grain would (name, code, parent and kind, keys), before
    /// any is written, so a bad item refuses the whole call instead of leaving the items before it behind.
    /// </summary>
    private static async Task CheckUnits(IGrainFactory grains, List<UnitInput> inputs)
    {
        var kinds = new Dictionary<string, UnitKind>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var directory = grains.GetGrain<IUnitDirectoryGrain>(0);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            try
            {
                Validate.Text(input.Name, "name", 200);
                UnitKind? parent = null;
                if (input.ParentKey is not null)
                {
                    parent = kinds.TryGetValue(input.ParentKey, out var kind) ? kind : throw DomainException.Invalid("parentKey", $"No earlier item has the key '{input.ParentKey}'.");
                }
                else if (input.ParentId is not null)
                {
                    parent = (await grains.GetGrain<IUnitGrain>(Ids.Require(input.ParentId, "parentId", Ids.Unit)).Get()
                        ?? throw DomainException.NotFound("parentId", input.ParentId)).Kind;
                }
                if (!input.Kind.MayHaveParent(parent))
                {
                    throw DomainException.Invalid("parentId", parent is null ? $"A {input.Kind} needs a parent unit." : $"A {input.Kind} cannot sit under a {parent}.");
                }
                if (Validate.Code(input.Code, "code") is { } code && (!codes.Add(code) || await directory.FindByCode(code) is not null))
                {
                    throw DomainException.Conflict("code", $"The code '{code}' belongs to another unit already.");
                }
                if (input.Key is not null && !kinds.TryAdd(input.Key, input.Kind))
                {
                    throw DomainException.Invalid("key", $"The key '{input.Key}' is used twice.");
                }
            }
            catch (DomainException refusal)
            {
                throw new DomainException(refusal.Code, refusal.Field, $"Item {i + 1} of {inputs.Count}: {refusal.Message} No unit was created.");
            }
        }
    }
}
