using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>What every transport of the GraphQL endpoint executes with: the same limits, the same logging.</summary>
internal static class GraphQLExecution
{
    /// <summary>
    /// The specification's rules and the query limits. A rule's pre-node visitor runs before the variables are
    /// parsed and so reads the document and the schema alone; whatever reads the variables or the caller (the limits,
    /// an argument's own checks) is in its variable or post-node visitor, which is what <see cref="PerRequest"/> keeps.
    /// </summary>
    public static IValidationRule[] Rules(GraphQLHttpOptions options) => [.. DocumentValidator.CoreRules, new QueryLimitsRule(options)];

    /// <summary>
    /// What a document that passed every one of <paramref name="rules"/> before must pass again with each request: each
    /// rule without its pre-node visitor. Rules that GraphQL.NET's own configuration appends (OperationLimitsRule) run whole.
    /// </summary>
    public static IValidationRule[] PerRequest(IValidationRule[] rules) => [.. rules.Select(rule => new PerRequestPart(rule))];

    public static ExecutionOptions Options(
        GraphQLRequest request, HttpContext context, System.Security.Claims.ClaimsPrincipal user, IValidationRule[] rules, ILogger logger,
        CancellationToken cancellationToken) => new()
    {
        Query = request.Query,
        OperationName = request.OperationName,
        Variables = request.Variables,
        Extensions = request.Extensions,
        RequestServices = context.RequestServices,
        User = user,
        CancellationToken = cancellationToken,
        ValidationRules = rules,
        UnhandledExceptionDelegate = c => LogUnexpected(logger, c),
    };

    private sealed class PerRequestPart(IValidationRule rule) : ValidationRuleBase
    {
        public override ValueTask<IVariableVisitor?> GetVariableVisitorAsync(ValidationContext context) => rule.GetVariableVisitorAsync(context);

        public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context) => rule.GetPostNodeVisitorAsync(context);
    }

    private static Task LogUnexpected(ILogger logger, UnhandledExceptionContext context)
    {
        if (DomainErrorInfoProvider.FindDomainException(context.OriginalException) is null)
        {
            logger.LogError(context.OriginalException, "GraphQL operation {OperationName} failed at {GraphQLPath}",
                context.Context?.Operation?.Name?.StringValue ?? context.ExecutionOptions.OperationName,
                context.FieldContext is { } field ? string.Join('.', field.Path) : "(document)");
        }

        return Task.CompletedTask;
    }
}
