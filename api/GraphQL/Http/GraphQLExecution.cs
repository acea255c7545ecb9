using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Validation;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>What every transport of the GraphQL endpoint executes with: the same limits, the same logging.</summary>
internal static class GraphQLExecution
{
    /// <summary>
    /// The specification's rules, the query limits and the rules the app registers as <see cref="IValidationRule"/>. A
    /// rule's pre-node visitor runs before the variables are parsed and so reads the document and the schema alone;
    /// whatever reads the variables or the caller (the limits, an argument's own checks) is in its variable or
    /// post-node visitor, which is what <see cref="KnownDocumentValidator"/> runs again for a document that passed them all.
    /// </summary>
    public static IValidationRule[] Rules(GraphQLHttpOptions options, IEnumerable<IValidationRule> registered) =>
        [.. DocumentValidator.CoreRules, new QueryLimitsRule(options), .. registered];

    public static ExecutionOptions Options(
        GraphQLRequest request, HttpContext context, System.Security.Claims.ClaimsPrincipal user, IEnumerable<IValidationRule> rules, ILogger logger,
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
