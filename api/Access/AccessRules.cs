using System.Collections.Frozen;
using GraphQL;
using Volunteers.Accounts;
using Volunteers.Api.Counting;
using Volunteers.Api.GraphQL;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Imports;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;

namespace Volunteers.Api.Access;

/// <summary>
/// The permission table, keyed by <c>Type.field</c>: one rule for every root field (Query, Mutation,
/// Subscription), and for the fields of objects that lead to what the object's own decision does not cover.
/// A root field with no rule is refused (and a test fails), so a new operation is closed until someone
/// decides who may use it. Any other field of an object takes the decision that let its object be seen.
/// </summary>
public static class AccessRules
{
    public static readonly FrozenDictionary<(string Type, string Field), Rule> Table = Build();

    /// <summary>The rule a field names, or null: refused for a root field, its object's decision for any other.</summary>
    public static Rule? For(string type, string field) => Table.GetValueOrDefault((type, field));

    private static FrozenDictionary<(string, string), Rule> Build()
    {
        var rules = new Dictionary<(string, string), Rule>();
        void Add(string type, Rule rule, params string[] fields)
        {
            foreach (var field in fields)
            {
                rules.Add((type, field), rule);
            }
        }

        // Reads: what a list returns is filtered, a single object refused, to what the caller may see.
        Add("Query", Each<CampaignInfo>(SeesCampaign), "campaigns", "campaign");
        Add("Query", Each<UnitInfo>(SeesUnit), "units", "unit");
        Add("Query", Each<TeamInfo>(SeesTeam), "team");
        Add("Query", Each<VolunteerInfo>(SeesVolunteer), "volunteer");
        Add("Query", Each<ScopedCounts>(SeesFigures), "counts");
        Add("Query", OwnsCampaign("campaignId") with { Limit = Limit.Costly }, "reconcile");
        Add("Query", On(UnitArg("wardId"), (home, ward) => home.Reaches(ward)), "coverage");
        Add("Query", SignedIn(_ => true), "me");
        Add("Query", SignedIn(home => home.Role == Role.Volunteer), "myData");
        Add("Query", On(TeamArg("teamId"), (home, team) => home.Leads(team)), "teamInvite");
        Add("Query", new() { Before = MayReadAudit }, "auditLog");
        Add("Query", new() { Before = (access, c) => MayReadReport(access, c.Counts(), c.GetArgument<string>("campaignId"), c.GetArgument<string?>("scopeId")), Limit = Limit.Costly }, "report");
        Add("Query", new()
        {
            Before = (access, c) => MaySeeImport(access, c.RequestServices!.GetRequiredService<ImportJobs>().Owner(c.GetArgument<string>("id"))),
        }, "importStatus");
        // Decided before the stream starts, from the counts as they are now, so a refused caller follows nothing.
        Add("Subscription", new() { Before = async (access, c) => await MayFollow(access, await c.Counts().Read(c.GetArgument<string>("campaignId"), c.GetArgument<string?>("scopeId"))) }, "counts");
        Add("Query", Rule.Open, "demoAccounts");
        // Planning a campaign day: the catalogue a new campaign starts from, and the readiness of a campaign's wards.
        Add("Query", SignedIn(home => home.Role == Role.Organiser), "serviceCatalogue");
        Add("Query", OwnsCampaign("campaignId"), "readiness");
        Add("Query", OwnsCampaign("campaignId"), "staffing");

        // Messages: a leader to the team, an official to the ward or one of its teams, an organiser to a unit or team
        // below; a volunteer reads and follows their own team's. The inbox is the caller's team, never an argument.
        Add("Mutation", Writes(On(AnyArg("scopeId"), (home, scope) => scope.VolunteerId is null
            && (scope.TeamId is null ? home.Administers(scope) : home.Leads(scope))) with
        {
            Audit = new AuditSpec(AnyArg("scopeId"), c => Arguments(c, "scopeId", "text")),
        }), "sendMessage");
        Add("Query", SignedIn(home => home.Role == Role.Volunteer), "messages");
        Add("Mutation", Writes(SignedIn(home => home.Role == Role.Volunteer)), "markMessagesRead");
        Add("Subscription", SignedIn(home => home.Role == Role.Volunteer), "messages");
        // Records are reviewed by those who may correct them: the ward's official, the team's leader, the volunteer.
        Add("Query", On(AnyArg("scopeId"), (home, scope) => home.Supervises(scope)), "helpRecords");

        // Changes: decided from the arguments before anything runs.
        Add("Mutation", Writes(new() { Before = (access, c) => MayCreateUnits(access, [c.GetArgument<UnitInput>("input")]) }), "createUnit");
        Add("Mutation", Writes(new() { Before = (access, c) => MayCreateUnits(access, c.GetArgument<List<UnitInput>>("inputs")) }), "createUnits");
        Add("Mutation", Writes(new()
        {
            Before = (access, c) => OrganiserReachesAll(access, c.GetArgument<CampaignInput>("input").WardIds, "wardIds"),
        }), "createCampaign");
        Add("Mutation", Writes(new()
        {
            Before = (access, c) => OrganiserReachesAll(access, c.GetArgument<List<TargetInput>>("targets").Select(t => t.WardId), "wardId"),
        }), "setTargets");
        Add("Mutation", Writes(OwnsCampaign("id")), "startCampaign", "closeCampaign");
        Add("Mutation", Writes(On(UnitArg("wardId"), (home, ward) => home.Administers(ward))), "createTeam");
        Add("Mutation", Writes(On(TeamArg("teamId"), (home, team) => home.Leads(team))), "addVolunteer");
        Add("Mutation", Writes(new()
        {
            Before = async (access, c) =>
                (await access.Home()).Administers(await UnitArg("placeId")(access, c))
                && (await access.Home()).Administers(await TeamArg("teamId")(access, c)),
            Audit = new AuditSpec(UnitArg("placeId"), c => Arguments(c, "campaignId", "placeId", "teamId")),
        }), "assignPlace", "unassignPlace");
        Add("Mutation", Writes(Self("volunteerId")), "checkIn", "checkOut", "logHelp", "logHelps");
        // Voids are audited by the grain in the same transaction as the void itself.
        Add("Mutation", Writes(On(VolunteerArg("volunteerId"), (home, volunteer) => home.Supervises(volunteer))), "voidHelp");
        // Each row's parent or team is checked against the caller's units as the file is imported.
        Add("Mutation", Writes(SignedIn(MayImport(UnitImport.Kind))), "importUnits");
        Add("Mutation", Writes(SignedIn(MayImport(VolunteerImport.Kind))), "importVolunteers");

        Add("Mutation", Rule.Open with { Limit = Limit.SignIn }, "signIn", "signInVolunteer", "joinTeam", "refreshSession");
        Add("Mutation", Rule.Open, "signOut");
        // Each ticket holds a grain for its minute: counted as a change, per alias, so one request cannot hold thousands.
        Add("Mutation", Writes(SignedIn(_ => true)), "socketTicket");
        Add("Mutation", Writes(new()
        {
            Before = MayGrant,
            Audit = new AuditSpec(GrantedScope, c => Arguments(c, "role", "scopeId", "username")),
        }), "createAccount");
        Add("Mutation", Writes(On(TeamArg("teamId"), (home, team) => home.Leads(team)) with
        {
            Audit = new AuditSpec(TeamArg("teamId"), c => Arguments(c, "teamId")),
        }), "rotateInvite");
        Add("Mutation", Writes(SignedIn(home => home.Role == Role.Volunteer) with
        {
            Audit = new AuditSpec(async (access, _) => await access.Scopes.Volunteer(access.Caller.ScopeId, "volunteerId"), _ => new Dictionary<string, string?>()),
        }), "deleteMyAccount");
        // Whether the member is on the team and the place is the team's, the grain says, naming the field.
        Add("Mutation", Writes(On(TeamArg("teamId"), (home, team) => home.Leads(team)) with
        {
            Audit = new AuditSpec(TeamArg("teamId"), c => Arguments(c, "campaignId", "teamId", "volunteerId", "placeId")),
        }), "assignMember", "unassignMember");

        // Fields of objects: the object was allowed already, and its fields with it, except these, which lead elsewhere
        // or are kept from some of those who see the object.
        Add("Unit", Each<UnitInfo>(SeesUnit), "parent", "children");
        Add("Unit", Each<TeamInfo>(SeesTeam), "teams");
        Add("Team", Each<VolunteerInfo>(SeesVolunteer), "volunteers");
        Add("Volunteer", Each<VolunteerInfo>(SeesPhone) with { Redacts = true }, "phone");
        // Hours are the volunteer's own record, seen by those who see their phone.
        Add("Volunteer", Each<VolunteerInfo>(SeesPhone) with { Redacts = true }, "shifts", "hours");
        Add("Campaign", Each<ScopedCounts>(SeesFigures), "counts");
        Add("Counts", Each<ScopedCounts>(SeesFigures), "children");
        // Periods and closings: organisers for units in their subtree, an official for their ward. A leader or
        // volunteer neither reads them nor closes. Which levels a closing needs closed first, the grain says.
        Add("Query", On(UnitArg("unitId"), (home, unit) => home.Administers(unit)), "periodCounts", "figuresClosings");
        Add("Mutation", Writes(On(UnitArg("unitId"), (home, unit) => home.Administers(unit)) with
        {
            Audit = new AuditSpec(UnitArg("unitId"), c => Arguments(c, "campaignId", "unitId")),
        }), "closeFigures");

        if (rules.FirstOrDefault(r => !r.Value.Decides) is { Value: not null } undecided)
        {
            throw new InvalidOperationException($"{undecided.Key.Item1}.{undecided.Key.Item2} has a rule that decides nothing; name Rule.Open if anyone may.");
        }
        return rules.ToFrozenDictionary();
    }

    private static Rule Writes(Rule rule) => rule with { Limit = Limit.Write };

    private static Rule SignedIn(Func<Home, bool> allows) => new() { Before = async (access, _) => allows(await access.Home()) };

    private static Rule On(TargetOf target, Func<Home, Target, bool> allows) =>
        new() { Before = async (access, c) => allows(await access.Home(), await target(access, c)) };

    private static Rule Each<T>(Func<Home, AccessScopes, T, ValueTask<bool>> sees) =>
        new() { Sees = (home, scopes, item) => item is T typed ? sees(home, scopes, typed) : ValueTask.FromResult(false) };

    /// <summary>A volunteer acts for themself only; no one else checks in or logs in their name.</summary>
    private static Rule Self(string argument) => new()
    {
        Before = (access, c) => ValueTask.FromResult(
            access.Caller.Role == Role.Volunteer && access.Caller.ScopeId == c.GetArgument<string>(argument)),
    };

    /// <summary>Campaign-wide actions belong to an organiser whose subtree holds every ward of the campaign.</summary>
    private static Rule OwnsCampaign(string argument) => new()
    {
        Before = async (access, c) =>
        {
            var home = await access.Home();
            return home.Role == Role.Organiser && Whole(home, await c.Campaign(c.GetArgument<string>(argument)));
        },
    };

    private static TargetOf UnitArg(string name) => async (access, c) => await access.Scopes.Unit(c.GetArgument<string>(name), name);

    private static TargetOf VolunteerArg(string name) => async (access, c) => await access.Scopes.Volunteer(c.GetArgument<string>(name), name);

    private static TargetOf AnyArg(string name) => async (access, c) => await access.Scopes.Any(c.GetArgument<string>(name), name);

    private static TargetOf TeamArg(string name) => async (access, c) => await access.Scopes.Team(c.GetArgument<string>(name), name);

    private static async ValueTask<Target> GrantedScope(RequestAccess access, IResolveFieldContext c) =>
        await access.Scopes.OfScope(c.GetArgument<Role>("role"), c.GetArgument<string>("scopeId"));

    /// <summary>An organiser grants organisers, officials and leaders in their subtree; an official, leaders of the ward's teams.</summary>
    private static async ValueTask<bool> MayGrant(RequestAccess access, IResolveFieldContext c)
    {
        var home = await access.Home();
        var role = c.GetArgument<Role>("role");
        var allowed = home.Role switch
        {
            Role.Organiser => role is Role.Organiser or Role.Official or Role.Leader,
            Role.Official => role == Role.Leader,
            _ => false,
        };
        return allowed && home.Reaches(await GrantedScope(access, c));
    }

    /// <summary>
    /// New units go under a parent the caller administers; officials add places only. An item naming an
    /// earlier item's key sits under a parent that was checked; an item with neither would be a new root,
    /// which only the first-run step makes.
    /// </summary>
    private static async ValueTask<bool> MayCreateUnits(RequestAccess access, IEnumerable<UnitInput> inputs)
    {
        var home = await access.Home();
        foreach (var input in inputs)
        {
            if (home.Role == Role.Official && !input.Kind.IsPlace())
            {
                return false;
            }
            var allowed = input.ParentId is { } parentId
                ? home.Administers(await access.Scopes.Unit(parentId, "parentId"))
                : input.ParentKey is not null && home.Role is Role.Organiser or Role.Official;
            if (!allowed)
            {
                return false;
            }
        }
        return true;
    }

    private static async ValueTask<bool> OrganiserReachesAll(RequestAccess access, IEnumerable<string> wardIds, string field)
    {
        var home = await access.Home();
        if (home.Role != Role.Organiser)
        {
            return false;
        }
        foreach (var wardId in wardIds)
        {
            if (!home.Reaches(await access.Scopes.Unit(wardId, field)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool Under(CampaignInfo campaign, string unitId, Home home) =>
        !home.Units.IsEmpty && (unitId == home.Units[^1] || campaign.AncestorsOf(unitId).Contains(home.Units[^1]));

    private static bool Whole(Home home, CampaignInfo campaign) => campaign.WardIds.All(w => Under(campaign, w, home));

    private static ValueTask<bool> SeesCampaign(Home home, AccessScopes scopes, CampaignInfo campaign) =>
        ValueTask.FromResult(campaign.IsPublic || campaign.WardIds.Any(w => Under(campaign, w, home)));

    private static async ValueTask<bool> SeesUnit(Home home, AccessScopes scopes, UnitInfo unit) =>
        home.SeesUnit(await scopes.Unit(unit.Id, "unitId"));

    private static async ValueTask<bool> SeesTeam(Home home, AccessScopes scopes, TeamInfo team) =>
        home.Reaches(await scopes.Unit(team.WardId, "wardId"));

    private static async ValueTask<bool> SeesVolunteer(Home home, AccessScopes scopes, VolunteerInfo volunteer) =>
        home.IsMemberOf(await scopes.Team(volunteer.TeamId, "teamId"));

    /// <summary>A phone number is seen by the volunteer, their team leader and their ward's official; organisers do not need it.</summary>
    private static async ValueTask<bool> SeesPhone(Home home, AccessScopes scopes, VolunteerInfo volunteer) =>
        home.Supervises(await scopes.Team(volunteer.TeamId, "teamId") with { VolunteerId = volunteer.Id });

    /// <summary>
    /// A public campaign's unit figures are everyone's, never a team's or volunteer's (who is on duty is not
    /// public). Otherwise: the whole campaign to its organiser, a unit's
    /// to whoever administers it, a team's to its members and those above, a volunteer's to themself and
    /// those who lead them.
    /// </summary>
    private static async ValueTask<bool> SeesFigures(Home home, AccessScopes scopes, ScopedCounts counts) =>
        (counts.Campaign.IsPublic && counts.Kind is ScopeKind.Campaign or ScopeKind.Unit) || await SeesOwnFigures(home, scopes, counts);

    /// <summary>Whether the figures are the caller's to see by where they stand, public campaign or not.</summary>
    private static async ValueTask<bool> SeesOwnFigures(Home home, AccessScopes scopes, ScopedCounts counts)
    {
        var campaign = counts.Campaign;
        switch (counts.Kind)
        {
            case ScopeKind.Campaign:
                return home.Role == Role.Organiser && Whole(home, campaign);
            case ScopeKind.Unit:
                return home.Administers(new Target([.. campaign.AncestorsOf(counts.ScopeId).Reverse(), counts.ScopeId]));
            case ScopeKind.Team:
                return home.IsMemberOf(await scopes.Team(counts.ScopeId, "scopeId"));
            default:
                var volunteer = await scopes.Volunteer(counts.ScopeId, "scopeId");
                return home.Leads(volunteer) || home.IsSelf(volunteer);
        }
    }

    /// <summary>
    /// A report of a campaign is for its organiser; of a unit or team, for whoever administers it (an organiser
    /// above it, the ward's official). Leaders, volunteers and the public read live counts instead.
    /// </summary>
    public static async ValueTask<bool> MayReadReport(RequestAccess access, CountsReader counts, string? campaignId, string? scopeId)
    {
        // Read first, so an id outside the campaign is refused as the report itself refuses it.
        var read = await counts.Read(campaignId, scopeId);
        var home = await access.Home();
        return home.Role is Role.Organiser or Role.Official && await SeesOwnFigures(home, access.Scopes, read);
    }

    /// <summary>A certificate of hours is read as the hours are: by the volunteer, their leader and their ward's official.</summary>
    public static async ValueTask<bool> MayReadCertificate(RequestAccess access, string? volunteerId) =>
        (await access.Home()).Supervises(await access.Scopes.Volunteer(volunteerId, "volunteer"));

    /// <summary>
    /// The trail of a campaign or a unit's subtree is its organiser's; both given, both must be theirs. An
    /// official reads their ward's part (a unit at or below it), narrowed to a campaign if they like.
    /// </summary>
    private static async ValueTask<bool> MayReadAudit(RequestAccess access, IResolveFieldContext c)
    {
        var home = await access.Home();
        var campaignId = c.GetArgument<string?>("campaignId");
        var unitId = c.GetArgument<string?>("unitId");
        return home.Role switch
        {
            Role.Organiser => (campaignId is not null || unitId is not null)
                && (campaignId is null || Whole(home, await c.Campaign(campaignId)))
                && (unitId is null || home.Reaches(await access.Scopes.Unit(unitId, "unitId"))),
            Role.Official => unitId is not null && home.Reaches(await access.Scopes.Unit(unitId, "unitId")),
            _ => false,
        };
    }

    /// <summary>Units are imported by organisers, rosters by organisers and ward officials; where to is checked per row.</summary>
    public static Func<Home, bool> MayImport(string kind) => home => kind == UnitImport.Kind
        ? home.Role == Role.Organiser
        : home.Role is Role.Organiser or Role.Official;

    /// <summary>Where an import's rows may land: new units under units the caller administers (never a new root), volunteers into teams of their wards.</summary>
    public static ImportScope ImportScope(RequestAccess access, string kind) => async id =>
    {
        var home = await access.Home();
        return id is not null && MayImport(kind)(home)
            && home.Administers(kind == UnitImport.Kind ? await access.Scopes.Unit(id, "parent_code") : await access.Scopes.Team(id, "team"));
    };

    /// <summary>An import's progress is seen by whoever started it and by staff whose units hold the starter's.</summary>
    public static async ValueTask<bool> MaySeeImport(RequestAccess access, ImportOwner owner)
    {
        var home = await access.Home();
        return (owner.Subject is not null && owner.Subject == access.Caller.Subject) || (!owner.Scope.Units.IsEmpty && home.Administers(owner.Scope));
    }

    /// <summary>Following counts live (GraphQL subscription, hub) is decided as reading them once is.</summary>
    public static async ValueTask<bool> MayFollow(RequestAccess access, ScopedCounts counts) =>
        await SeesFigures(await access.Home(), access.Scopes, counts);

    private static Dictionary<string, string?> Arguments(IResolveFieldContext context, params string[] names) =>
        names.ToDictionary(n => n, n => context.GetArgument<object?>(n)?.ToString());
}
