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
    /// The highest estimated cost allowed, where each field costs 1 and every list multiplies what lies under
    /// it by 5. A ward official's screen (campaign, wards, teams, volunteers) costs about 9,000 and a
    /// drill-down of counts three levels deep about 25,000; a walk six lists deep over every field costs
    /// several times the limit.
    /// </summary>
    public int MaxComplexity { get; set; } = 50_000;

    /// <summary>The largest POST body accepted, in bytes; over WebSocket, the largest message.</summary>
    public long MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>How long a WebSocket client may take to send <c>connection_init</c> before it is closed with 4408.</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
