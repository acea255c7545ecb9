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

    public Task<IValidationResult> ValidateAsync(in ValidationOptions options) =>
        options.Rules is KnownDocumentRules known ? ValidateKnownAsync(options, known) : _validator.ValidateAsync(options);

    private async Task<IValidationResult> ValidateKnownAsync(ValidationOptions options, KnownDocumentRules rules)
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
                // GraphQL.NET takes variable visitors only from the rules it is given, and parses the arguments after the
                // variables with a parser of its own: such a rule runs with all the others, as for a new document.
                return await _validator.ValidateAsync(options with { Rules = [.. rules] });
            }
        }

        // Without rules GraphQL.NET parses the variables and the arguments and walks nothing else.
        var parsed = await _validator.ValidateAsync(options with { Rules = [] });
        if (!parsed.IsValid)
        {
            return parsed;
        }

        // GraphQL.NET hands its own context's dictionaries on as read-only ones; copied only if that ever changes.
        context.ArgumentValues = parsed.ArgumentValues is { } arguments
            ? arguments as Dictionary<GraphQLField, IDictionary<string, ArgumentValue>> ?? new(arguments)
            : null;
        context.DirectiveValues = parsed.DirectiveValues is { } directives
            ? directives as Dictionary<ASTNode, IDictionary<string, DirectiveInfo>> ?? new(directives)
            : null;
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

/// <summary>The rules a known document passed whole once, to be run again for what reads the variables or the caller.</summary>
internal sealed class KnownDocumentRules(IValidationRule[] rules) : IEnumerable<IValidationRule>
{
    public IEnumerator<IValidationRule> GetEnumerator() => ((IEnumerable<IValidationRule>)rules).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
