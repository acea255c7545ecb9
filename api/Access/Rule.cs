using GraphQL;

namespace Volunteers.Api.Access;

/// <summary>Places the target of a field in the unit tree, from its arguments.</summary>
public delegate ValueTask<Target> TargetOf(RequestAccess access, IResolveFieldContext context);

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
/// caller may see, a single object is refused, or with <see cref="Redacts"/> becomes null. A field of an
/// object that has no rule takes the decision that let its object be seen; a root field has none to take.
/// </summary>
public sealed record Rule
{
    /// <summary>A root field anyone may call, signed in or not: said in so many words, since a rule that decides nothing is refused.</summary>
    public static readonly Rule Open = new() { IsOpen = true };

    public bool IsOpen { get; init; }

    public Func<RequestAccess, IResolveFieldContext, ValueTask<bool>>? Before { get; init; }

    public Func<Home, AccessScopes, object, ValueTask<bool>>? Sees { get; init; }

    public bool Redacts { get; init; }

    public Limit Limit { get; init; }

    public AuditSpec? Audit { get; init; }

    /// <summary>Whether the rule says who may: open to anyone, decided from the arguments, or by what is returned.</summary>
    public bool Decides => IsOpen || Before is not null || Sees is not null;
}
