using GraphQL;

namespace Volunteers.Api.Access;

/// <summary>Places the target of a field in the unit tree, from its arguments.</summary>
public delegate ValueTask<Target> TargetOf(Access access, IResolveFieldContext context);

public enum Limit
{
    None,

    /// <summary>Counted per client address, whichever login is tried.</summary>
    SignIn,

    /// <summary>
    /// Counted per identity (or address when signed out), per alias; each item of the field's list arguments
    /// also counts against the records budget.
    /// </summary>
    Write,

    /// <summary>A read whose work grows with the campaign: a small budget per identity, and few per request.</summary>
    Costly,
}

/// <summary>What is audited of a change: where it happened, and the arguments worth keeping (never a secret).</summary>
public sealed record AuditSpec(TargetOf Target, Func<IResolveFieldContext, IReadOnlyDictionary<string, string?>> Details);

/// <summary>
/// How one field is protected. <see cref="Before"/> decides from the arguments before anything runs (every
/// change is decided so); <see cref="Sees"/> decides for each object a read returns: a list keeps what the
/// caller may see, a single object is refused, or with <see cref="Redacts"/> becomes null.
/// </summary>
public sealed record Rule
{
    /// <summary>A field of an object the caller was already allowed to see.</summary>
    public static readonly Rule Inherit = new();

    /// <summary>A root field anyone may call, signed in or not.</summary>
    public static readonly Rule Open = new();

    public Func<Access, IResolveFieldContext, ValueTask<bool>>? Before { get; init; }

    public Func<Home, AccessScopes, object, ValueTask<bool>>? Sees { get; init; }

    public bool Redacts { get; init; }

    public Limit Limit { get; init; }

    public AuditSpec? Audit { get; init; }
}
