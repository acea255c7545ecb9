using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using GraphQL.Validation.Complexity;

namespace Volunteers.Api.GraphQL;

/// <summary>
/// What a field costs before it runs: 1 for the field, and for a list, what lies under it times the list's size.
/// A list's size is its <c>limit</c> argument when it pages, else the size its field declares with
/// <see cref="ListSize{TSource, TReturn}"/>, else <see cref="DefaultListSize"/>. Introspection costs the size of
/// the schema, whatever is selected under it, because that is all it can ever answer.
/// </summary>
internal static class QueryCost
{
    /// <summary>A list that declares nothing: a catalogue, a tally's keys, an import's errors.</summary>
    public const int DefaultListSize = 10;

    /// <summary>The top of the unit tree: the province (or two) one install serves.</summary>
    public const int UnitRoots = 2;

    /// <summary>
    /// The units under one unit: a district's wards (Thanh Oai has 21; Vietnam's districts average about 15), a
    /// province's districts, a ward's places; and so a campaign's wards and a scope's children in the counts.
    /// </summary>
    public const int UnitChildren = 20;

    /// <summary>A ward's teams: one or two in most wards, a few in a large one.</summary>
    public const int WardTeams = 3;

    /// <summary>A team's roster: the demo's pilot team has 16.</summary>
    public const int TeamVolunteers = 20;

    /// <summary>
    /// Declares how many items the list usually holds for one parent, so the estimate of a query that nests it is
    /// the number of fields it will really resolve. Typical sizes, not maxima: maxima multiplied along a path
    /// (the largest province, each of its districts the largest) overstate a real tree a hundredfold.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> ListSize<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int expected) =>
        field.WithComplexityImpact(1, expected);

    public static FieldComplexityResult Impact(FieldImpactContext context)
    {
        var schema = context.ValidationContext.Schema;
        if (context.FieldDefinition == schema.SchemaMetaFieldType)
        {
            return new(SchemaSize.Of(schema).Whole, 0);
        }

        if (context.FieldDefinition == schema.TypeMetaFieldType)
        {
            return new(SchemaSize.Of(schema).LargestType, 0);
        }

        var type = context.FieldDefinition.ResolvedType is NonNullGraphType nonNull ? nonNull.ResolvedType : context.FieldDefinition.ResolvedType;
        if (type is not ListGraphType)
        {
            return new(1, 1);
        }

        if (context.Arguments?.TryGetValue("limit", out var limit) == true && limit.Value is int pageSize)
        {
            return new(1, Math.Max(pageSize, 1));
        }

        return new(1, DefaultListSize);
    }

    /// <summary>How many things introspection can name: types, fields, arguments, enum values, directives.</summary>
    private sealed record SchemaSize(int Whole, int LargestType)
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ISchema, SchemaSize> Sizes = [];

        public static SchemaSize Of(ISchema schema) => Sizes.GetValue(schema, Measure);

        private static SchemaSize Measure(ISchema schema)
        {
            var types = schema.AllTypes.Select(TypeSize).ToList();
            var directives = schema.Directives.Sum(d => 1 + (d.Arguments?.Count ?? 0));
            return new(types.Sum() + directives, types.Max());
        }

        private static int TypeSize(IGraphType type) => 1 + type switch
        {
            IComplexGraphType complex => complex.Fields.Sum(f => 1 + (f.Arguments?.Count ?? 0)),
            EnumerationGraphType enumeration => enumeration.Values.Count,
            _ => 0,
        };
    }
}
