using System.Globalization;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>
/// GraphQL.NET's complexity analysis, reporting refusals that name the limit and carry a stable code
/// instead of the library's generic wording.
/// </summary>
internal sealed class QueryLimitsRule(GraphQLHttpOptions limits) : ComplexityValidationRule(new ComplexityOptions
{
    MaxDepth = limits.MaxDepth,
    MaxComplexity = limits.MaxComplexity,
})
{
    public const string TooDeep = "QUERY_TOO_DEEP";
    public const string TooComplex = "QUERY_TOO_COMPLEX";

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
}
