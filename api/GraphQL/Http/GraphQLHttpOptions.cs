namespace Volunteers.Api.GraphQL.Http;

/// <summary>Limits the GraphQL endpoint enforces before any resolver runs.</summary>
public sealed class GraphQLHttpOptions
{
    /// <summary>
    /// The deepest selection nesting allowed. The deepest honest screen (campaign, ward, team, volunteer,
    /// assignment, place) needs about seven levels; twelve leaves room without allowing recursive walks.
    /// </summary>
    public int MaxDepth { get; set; } = 12;

    /// <summary>
    /// The highest estimated cost allowed: each field costs 1, and a list multiplies what lies under it by its page
    /// size (<c>limit</c>) or the size its field declares (<see cref="QueryCost"/>: 20 units under a unit, 3 teams
    /// in a ward, 20 volunteers in a team, 10 for other lists). A district's whole tree down to each team's
    /// volunteers, <c>{ units { id children { id children { id kind teams { id volunteers { id } } children { id } } } } }</c>,
    /// costs about 72,000; lists nested past the tree (a team's volunteers' team's volunteers, again) cost millions.
    /// </summary>
    public int MaxComplexity { get; set; } = 100_000;

    /// <summary>The largest POST body accepted, in bytes; over WebSocket, the largest message.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How many characters of query text the cache of validated documents holds (<see cref="DocumentCache"/>). GraphQL.NET's
    /// own document cache reckons a parsed document at about ten times its text, so the default holds this one near 5 MB;
    /// the web app's documents together are a few thousand characters.
    /// </summary>
    public long DocumentCacheCharacters { get; set; } = 500_000;

    /// <summary>How long a WebSocket client may take to send <c>connection_init</c> before it is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
