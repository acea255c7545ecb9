using System.Collections.Immutable;
using System.Security.Claims;
using Volunteers.Accounts;
using Volunteers.Api.Accounts;
using Volunteers.Audit;

namespace Volunteers.Api.Access;

/// <summary>Who is asking, as their access token says; anonymous without a valid one.</summary>
public sealed record Caller(string? Subject, Role? Role, string? ScopeId)
{
    public static readonly Caller Anonymous = new(null, null, null);

    public bool IsSignedIn => Role is not null;

    public static Caller From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true
            || user.FindFirstValue(TokenIssuer.RoleClaim) is not { } role
            || user.FindFirstValue(TokenIssuer.ScopeClaim) is not { } scope
            || user.FindFirstValue(TokenIssuer.Subject) is not { } subject)
        {
            return Anonymous;
        }
        try
        {
            return new Caller(subject, Codes<Role>.Parse(role), scope);
        }
        catch (FormatException)
        {
            return Anonymous;
        }
    }
}

/// <summary>
/// What an action touches, placed in the unit tree: the units from the root down to the ward or place,
/// then the team and the volunteer where there is one.
/// </summary>
public sealed record Target(ImmutableArray<string> Units, string? TeamId = null, string? VolunteerId = null)
{
    /// <summary>'/u-…/u-…/t-…/': what the audit trail stores, so a subtree is one LIKE away.</summary>
    public string Path => AuditEntry.PathOf(Units.Append(TeamId).Append(VolunteerId));

    /// <summary>The most specific thing targeted: the volunteer, else the team, else the unit.</summary>
    public string Id => VolunteerId ?? TeamId ?? Units[^1];
}

/// <summary>
/// Where the caller stands: the path to their unit (an organiser's province or district, otherwise the
/// ward), their team and their volunteer id. Every policy compares a <see cref="Target"/> with this.
/// </summary>
public sealed record Home(Caller Caller, ImmutableArray<string> Units, string? TeamId, string? VolunteerId)
{
    public Role? Role => Caller.Role;

    /// <summary>At or below the caller's unit: an organiser's subtree, the ward of the others.</summary>
    public bool Reaches(Target target) => !Units.IsEmpty && target.Units.Contains(Units[^1]);

    /// <summary>Organisers and officials manage what lies in their unit.</summary>
    public bool Administers(Target target) => Role is Volunteers.Accounts.Role.Organiser or Volunteers.Accounts.Role.Official && Reaches(target);

    public bool Leads(Target target) => Administers(target) || (Role == Volunteers.Accounts.Role.Leader && target.TeamId == TeamId);

    public bool IsMemberOf(Target target) => Leads(target) || (Role == Volunteers.Accounts.Role.Volunteer && target.TeamId == TeamId);

    public bool IsSelf(Target target) => Role == Volunteers.Accounts.Role.Volunteer && target.VolunteerId == VolunteerId;

    /// <summary>The volunteer themself, their team's leader and their ward's official: who sees their phone and corrects their records.</summary>
    public bool Supervises(Target volunteer) => Role switch
    {
        Volunteers.Accounts.Role.Official => Reaches(volunteer),
        Volunteers.Accounts.Role.Leader => volunteer.TeamId == TeamId,
        _ => IsSelf(volunteer),
    };

    /// <summary>A unit's name is seen inside one's reach and along the path above it ("where you sit").</summary>
    public bool SeesUnit(Target unit) => Reaches(unit) || Units.Contains(unit.Units[^1]);
}
