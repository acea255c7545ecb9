using GraphQL;
using GraphQL.Execution;
using System.Data.Common;
using System.Net.Sockets;
using Orleans.Runtime;

namespace Volunteers.Api.GraphQL.Http;

/// <summary>
/// Decides what a client sees of each error: a <see cref="DomainException"/> keeps its message, code and
/// field wherever it is wrapped; any other exception escaping a resolver is reduced to a fixed message,
/// because its text may hold connection strings, ids or type names. GraphQL's own errors (syntax,
/// validation, variable coercion) pass through, since their messages name the offending input. A fault of
/// the platform (a silo gone, the database restarting, a timeout) is told apart as UNAVAILABLE: the same
/// request may well succeed in a moment, so a phone retries it rather than setting the record aside.
/// </summary>
internal sealed class DomainErrorInfoProvider() : ErrorInfoProvider(new ErrorInfoProviderOptions
{
    ExposeExceptionDetails = false,
    ExposeCodes = false,
    ExposeData = false,
})
{
    public const string InternalCode = "INTERNAL";
    public const string RetryAfter = "retryAfter";
    public const string InternalMessage = "Internal error; it was logged.";
    public const string UnavailableCode = "UNAVAILABLE";
    public const string UnavailableMessage = "The platform is briefly unavailable; send the same request again shortly.";

    public override ErrorInfo GetInfo(ExecutionError executionError)
    {
        if (FindDomainException(executionError) is { } refusal)
        {
            var extensions = new Dictionary<string, object?> { ["code"] = refusal.Code, ["field"] = refusal.Field };
            // A rate limit says when to try again (seconds), for a client to wait rather than parse the message.
            if (refusal.Data[RetryAfter] is int seconds)
            {
                extensions[RetryAfter] = seconds;
            }
            return new ErrorInfo { Message = refusal.Message, Extensions = extensions };
        }

        if (IsPassingFault(executionError))
        {
            return new ErrorInfo
            {
                Message = UnavailableMessage,
                Extensions = new Dictionary<string, object?> { ["code"] = UnavailableCode },
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

    /// <summary>An error caused by the platform rather than the request: a refusal is never one.</summary>
    public static bool IsPassingFault(ExecutionError error) =>
        error is UnhandledError && FindDomainException(error) is null && IsPassingFault(error.InnerException);

    /// <summary>Whether <paramref name="exception"/> is the platform's passing fault (a silo gone, the database restarting, a timeout).</summary>
    public static bool IsPassingFault(Exception? exception) => exception switch
    {
        null => false,
        PlatformUnavailableException or TimeoutException or OrleansException or DbException or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsPassingFault),
        _ => IsPassingFault(exception.InnerException),
    };

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
