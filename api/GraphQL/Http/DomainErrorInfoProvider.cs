using GraphQL;
using GraphQL.Execution;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>
/// Decides what a client sees of each error: a <see cref="DomainException"/> keeps its message, code and
/// field wherever it is wrapped; any other exception escaping a resolver is reduced to a fixed message,
/// because its text may hold connection strings, ids or type names. GraphQL's own errors (syntax,
/// validation, variable coercion) pass through, since their messages name the offending input.
/// </summary>
internal sealed class DomainErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeExceptionDetails = false,
    ExposeCodes = false,
    ExposeData = false,
})
{
    public const string InternalCode = "INTERNAL";
    public const string InternalMessage = "Internal error; it was logged.";

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        if (FindDomainException(executionError) is { } refusal)
        {
            return new ErrorInfo
            {
                Message = refusal.Message,
                Extensions = new Dictionary<string, object?> { ["code"] = refusal.Code, ["field"] = refusal.Field },
            };
        }

        if (executionError is UnhandledError)
        {
            return new ErrorInfo
            {
                Message = InternalMessage,
                Extensions = new Dictionary<string, object?> { ["code"] = InternalCode },
            };
        }

        return base.GetInfo(executionError);
    }

    /// <summary>
    /// Looks through the wrappers a refusal may arrive in: GraphQL's own error, Orleans' or the TPL's
    /// AggregateException, and reflection's TargetInvocationException.
    /// </summary>
    public static DomainException? FindDomainException(Exception? exception) => exception switch
    {
        null => null,
        DomainException refusal => refusal,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindDomainException).FirstOrDefault(e => e is not null),
        _ => FindDomainException(exception.InnerException),
    };
}
