using GraphQL.Execution;
using GraphQL.Validation;
using GraphQLParser.AST;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>
/// GraphQL.NET's validator, and for a document that passed every rule before (<see cref="DocumentCache"/>) only what
/// each request can change: its variables and arguments, then each rule's variable and post-node visitors. GraphQL.NET
/// walks the whole document with its type information whenever any rule is given, even when no rule has a visitor for
/// that walk: 4.4 % of the api's CPU when logging one help a request (perf, 1,000 volunteers).
/// </summary>
internal sealed class KnownDocumentValidator : IDocumentValidator
{
    private readonly DocumentValidator _validator = new();

    /// <summary>The rules a known document passed whole once, to be run again for what reads the variables or the caller.</summary>
    public sealed class Rules(IValidationRule[] rules) : IEnumerable<IValidationRule>
    {
        public IEnumerator<IValidationRule> GetEnumerator() => ((IEnumerable<IValidationRule>)rules).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options) =>
        options.Rules is Rules known ? ValidateKnownAsync(options, known) : _validator.ValidateAsync(options);

    private async Task<IValidationResult> ValidateKnownAsync(ValidationOptions options, Rules rules)
    {
        var context = new ValidationContext
        {
            Schema = options.Schema,
            Document = options.Document,
            Operation = options.Operation,
            TypeInfo = new TypeInfo(options.Schema),
            UserContext = options.UserContext,
            Metrics = options.Metrics,
            Variables = options.Variables,
            Extensions = options.Extensions,
            RequestServices = options.RequestServices,
            User = options.User,
            CancellationToken = options.CancellationToken,
        };
        foreach (var rule in rules)
        {
            if (await rule.GetVariableVisitorAsync(context) is not null)
            {
                // Variable visitors run while the variables are parsed, inside GraphQL.NET's walk.
                return await _validator.ValidateAsync(options with { Rules = [.. rules] });
            }
        }

        // Without rules GraphQL.NET parses the variables and the arguments and walks nothing else.
        var parsed = await _validator.ValidateAsync(options with { Rules = [] });
        if (!parsed.IsValid)
        {
            return parsed;
        }

        context.ArgumentValues = parsed.ArgumentValues is { } arguments ? new Dictionary<GraphQLField, IDictionary<string, ArgumentValue>>(arguments) : null;
        context.DirectiveValues = parsed.DirectiveValues is { } directives ? new Dictionary<ASTNode, IDictionary<string, DirectiveInfo>>(directives) : null;
        List<INodeVisitor>? visitors = null;
        foreach (var rule in rules)
        {
            if (await rule.GetPostNodeVisitorAsync(context) is { } visitor)
            {
                (visitors ??= [context.TypeInfo]).Add(visitor);
            }
        }
        if (visitors is not null)
        {
            await new BasicVisitor(visitors).VisitAsync(options.Document, new BasicVisitor.State(context));
        }

        return context.HasErrors
            ? new ValidationResult(context.Errors) { Variables = parsed.Variables, ArgumentValues = parsed.ArgumentValues, DirectiveValues = parsed.DirectiveValues }
            : parsed;
    }
}
