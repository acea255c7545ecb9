using System.Collections;
using System.Globalization;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser;
using GraphQLParser.AST;
using Microsoft.Extensions.Options;
using Volunteers.Api.Accounts;

namespace Volunteers.Api.Access;

/// <summary>
/// Per-request caps, checked once the arguments are known and before any resolver runs: the records all the
/// changes of a request carry (ten aliased logHelps of 500 are 5,000), and how many costly reads it asks for
/// (400 aliased reconcile). The rate limits count the same per alias as fields run; this refuses a request
/// that could never pass before it does any work.
/// </summary>
public sealed class OperationLimitsRule(IOptions<AuthOptions> options) : ValidationRuleBase
{
    public const string TooLarge = "REQUEST_TOO_LARGE";

    /// <summary>A change's records: the items of its list arguments (an input object is one item, not a list).</summary>
    public static int Records(IDictionary<string, ArgumentValue>? arguments) =>
        arguments?.Values.Sum(argument => argument.Value is IList items ? items.Count : 0) ?? 0;

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        var root = context.Operation.Operation switch
        {
            OperationType.Mutation => "Mutation",
            OperationType.Subscription => "Subscription",
            _ => "Query",
        };
        int records = 0, costly = 0;
        foreach (var field in RootFields(context, context.Operation.SelectionSet, []))
        {
            if (AccessRules.For(root, field.Name.StringValue) is not { } rule)
            {
                continue;
            }
            if (rule.Limit == Limit.Costly)
            {
                costly++;
            }
            else if (rule.Limit == Limit.Write && context.ArgumentValues?.TryGetValue(field, out var arguments) == true)
            {
                records += Records(arguments);
            }
        }

        var limits = options.Value;
        if (records > limits.MaxRecordsPerRequest)
        {
            context.ReportError(new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"The request carries {records} records; the limit is {limits.MaxRecordsPerRequest} per request. Send them in several requests."))
            { Code = TooLarge });
        }
        if (costly > limits.MaxCostlyPerRequest)
        {
            context.ReportError(new ValidationError(string.Create(CultureInfo.InvariantCulture,
                $"The request asks for {costly} costly reads (reconcile, report); the limit is {limits.MaxCostlyPerRequest} per request."))
            { Code = TooLarge });
        }
        return ValueTask.FromResult<INodeVisitor?>(null);
    }

    /// <summary>The root fields a selection runs, through fragments, each node once however often it is spread.</summary>
    private static IEnumerable<GraphQLField> RootFields(ValidationContext context, GraphQLSelectionSet selections, HashSet<string> spread)
    {
        foreach (var selection in selections.Selections)
        {
            if (!context.ShouldIncludeNode(selection))
            {
                continue;
            }
            var inner = selection switch
            {
                GraphQLInlineFragment inline => inline.SelectionSet,
                GraphQLFragmentSpread named when spread.Add(named.FragmentName.Name.StringValue) =>
                    context.Document.FindFragmentDefinition(named.FragmentName.Name.Value)?.SelectionSet,
                _ => null,
            };
            if (selection is GraphQLField field)
            {
                yield return field;
            }
            else if (inner is not null)
            {
                foreach (var nested in RootFields(context, inner, spread))
                {
                    yield return nested;
                }
            }
        }
    }
}
