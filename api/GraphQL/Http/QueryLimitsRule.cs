using System.Globalization;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser;
using GraphQLParser.AST;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>
/// GraphQL.NET's complexity analysis with the costs of <see cref="QueryCost"/>, reporting refusals that name the limit
/// and carry a stable code instead of the library's generic wording.
/// Introspection (<c>__schema</c>, <c>__type</c>) is left out of the depth and costs the schema's size; it is bounded
/// by a rule of its own instead: the lists that lead from a type to other types (<c>fields</c>, <c>inputFields</c>,
/// <c>interfaces</c>, <c>possibleTypes</c>) are followed at most once along a path, so an answer can never be more than
/// the schema once per type, and it nests at most <see cref="MaxIntrospectionDepth"/> levels. graphql-js's
/// <c>getIntrospectionQuery()</c>, with every option, follows each once and nests 14.
/// </summary>
internal sealed class QueryLimitsRule(GraphQLHttpOptions limits) : ComplexityValidationRule(new ComplexityOptions
{
    MaxDepth = limits.MaxDepth,
    MaxComplexity = limits.MaxComplexity,
    DefaultComplexityImpactDelegate = QueryCost.Impact,
})
{
    public const string TooDeep = "QUERY_TOO_DEEP";
    public const string TooComplex = "QUERY_TOO_COMPLEX";
    public const int MaxIntrospectionDepth = 20;

    private static readonly HashSet<string> TypeExpanding = ["fields", "inputFields", "interfaces", "possibleTypes"];

    protected override async ValueTask<(double TotalComplexity, int MaximumDepth)> CalculateComplexityAsync(ValidationContext context)
    {
        var (cost, _) = await base.CalculateComplexityAsync(context);
        return (cost, new Walk(context).DataDepth(context.Operation.SelectionSet));
    }

    protected override ValueTask ValidateComplexityAsync(ValidationContext context, double totalComplexity, int maxDepth)
    {
        if (maxDepth > Options.MaxDepth)
        {
            context.ReportError(new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"The query is {maxDepth} levels deep; the limit is {Options.MaxDepth}."))
            { Code = TooDeep });
        }

        if (totalComplexity > Options.MaxComplexity)
        {
            context.ReportError(new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"The query's estimated cost is {totalComplexity:0}; the limit is {Options.MaxComplexity}."))
            { Code = TooComplex });
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Walks the selected operation as GraphQL.NET counts depth (the root selection is level 1), fragments included;
    /// the validation rules before this one have refused unknown fragments and cycles.
    /// </summary>
    private sealed class Walk(ValidationContext context)
    {
        private bool _introspectionRefused;

        public int DataDepth(GraphQLSelectionSet selections) => 1 + DeepestBelow(selections);

        /// <summary>Loops rather than queries: it runs for every request, a known document's too.</summary>
        private int DeepestBelow(GraphQLSelectionSet selections)
        {
            var deepest = 0;
            foreach (var selection in selections.Selections)
            {
                var depth = selection switch
                {
                    GraphQLField field when field.Name.StringValue is "__schema" or "__type" => CheckIntrospection(field),
                    GraphQLField { SelectionSet: { } below } => DataDepth(below),
                    GraphQLInlineFragment inline => DeepestBelow(inline.SelectionSet),
                    GraphQLFragmentSpread spread => context.Document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment
                        ? DeepestBelow(fragment.SelectionSet)
                        : 0,
                    _ => 0,
                };
                deepest = Math.Max(deepest, depth);
            }
            return deepest;
        }

        /// <summary>Introspection is bounded by a rule of its own, and adds nothing to the data's depth.</summary>
        private int CheckIntrospection(GraphQLField field)
        {
            Introspection(field.SelectionSet!, 1, 0, field.Name.StringValue);
            return 0;
        }

        private void Introspection(GraphQLSelectionSet selections, int depth, int expansions, string path)
        {
            foreach (var field in Fields(selections))
            {
                if (_introspectionRefused || field.SelectionSet is not { } below)
                {
                    continue;
                }

                var name = field.Name.StringValue;
                var here = $"{path}.{name}";
                var followed = expansions + (TypeExpanding.Contains(name) ? 1 : 0);
                if (followed > 1)
                {
                    Refuse(TooComplex, $"Introspection follows fields, inputFields, interfaces or possibleTypes once along a path; {here} follows them {followed} times.");
                }
                else if (depth + 1 > MaxIntrospectionDepth)
                {
                    Refuse(TooDeep, string.Create(CultureInfo.InvariantCulture,
                        $"Introspection nests at most {MaxIntrospectionDepth} levels; {here} is deeper."));
                }
                else
                {
                    Introspection(below, depth + 1, followed, here);
                }
            }
        }

        private void Refuse(string code, string message)
        {
            _introspectionRefused = true;
            context.ReportError(new ValidationError(message) { Code = code });
        }

        private IEnumerable<GraphQLField> Fields(GraphQLSelectionSet selections)
        {
            foreach (var selection in selections.Selections)
            {
                IEnumerable<GraphQLField> nested = selection switch
                {
                    GraphQLField field => [field],
                    GraphQLInlineFragment inline => Fields(inline.SelectionSet),
                    GraphQLFragmentSpread spread => context.Document.FindFragmentDefinition(spread.FragmentName.Name.Value) is { } fragment
                        ? Fields(fragment.SelectionSet)
                        : [],
                    _ => [],
                };
                foreach (var field in nested)
                {
                    yield return field;
                }
            }
        }
    }
}
