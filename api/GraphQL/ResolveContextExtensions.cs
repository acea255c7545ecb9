using GraphQL;
using Volunteers.Api.Counting;

namespace Volunteers.Api.GraphQL;

internal static class ResolveContextExtensions
{
    public static IGrainFactory Grains(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<IGrainFactory>();

    public static CountsReader Counts(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<CountsReader>();

    /// <summary>Loads an entity a field points at; a dangling reference would be a bug, so it is reported as one.</summary>
    public static async Task<T> Existing<T>(this Task<T?> lookup, string field, string id) where T : class =>
        await lookup ?? throw DomainException.NotFound(field, id);
}
