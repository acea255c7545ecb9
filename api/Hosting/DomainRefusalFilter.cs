using Volunteers.Api.GraphQL.Http;

namespace Volunteers.Api.Hosting;

/// <summary>
/// Turns a refusal from the grains into a 400 (404 for an unknown id) whose JSON names the field
/// and the reason, the same words GraphQL clients get, so plain HTTP endpoints never answer 500 for bad input.
/// </summary>
public sealed class DomainRefusalFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception exception) when (DomainErrorInfoProvider.FindDomainException(exception) is { } refusal)
        {
            return Refusal(refusal);
        }
    }

    public static IResult Refusal(DomainException refusal) => Results.Json(
        new { error = new { code = refusal.Code, field = refusal.Field, message = refusal.Message } },
        statusCode: refusal.Code switch
        {
            "NOT_FOUND" => StatusCodes.Status404NotFound,
            Access.AccessMiddleware.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        });
}
