using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using Volunteers.Api.Access;
using Volunteers.Api.Live;
using Volunteers.Tests.Core;
using Volunteers.Tests.Live;

namespace Volunteers.Tests.Access;

/// <summary>
/// Every operation of the API, as every role, against a target inside the caller's scope and one outside
/// it. The operations are read from the schema, so a new field without a case here (and a rule in
/// AccessRules) fails. Hub methods join the same table as "Hub.method" cases, read from the hub class.
/// </summary>
public sealed class AccessMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public enum Caller
    {
        Anonymous,
        Volunteer,
        Leader,
        Official,
        Organiser,
    }

    private const Caller Vol = Caller.Volunteer, Lead = Caller.Leader, Off = Caller.Official, Org = Caller.Organiser;
    private static readonly Caller[] Staff = [Lead, Off, Org];
    private static readonly Caller[] Managers = [Off, Org];
    private static readonly Caller[] Members = [Vol, Lead, Off, Org];

    /// <summary>
    /// One operation: a document, its variables for a world, who may use it inside their scope, and for
    /// reads that filter, the id that must show when allowed. <see cref="Scoped"/> false: the operation
    /// acts on the caller alone (or on no one), so inside and outside are the same.
    /// </summary>
    private sealed record Case(string Document, Func<World, object?> Variables, Caller[] Allowed, Func<World, string>? Shows = null, bool Scoped = true);

    /// <summary>Per world, an import its organiser started, for Query.importStatus.</summary>
    private static readonly ConcurrentDictionary<string, string> ImportIds = new();

    /// <summary>An import refuses rows outside the caller's units one by one; allowed means a row got in.</summary>
    private const string Created = "\"created\":1";

    /// <summary>Hub methods: the campaign and scope to follow, and who may.</summary>
    private static readonly Dictionary<string, (Func<World, string?> Scope, Caller[] Allowed)> HubCases = new()
    {
        [LiveHub.SubscribeOperation] = (w => w.TeamIds[0], Members),
    };

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Query.campaigns"] = new("{ campaigns { id } }", _ => null, Members, w => w.CampaignId),
        ["Query.campaign"] = new("query($c: ID!) { campaign(id: $c) { id } }", w => new { c = w.CampaignId }, Members),
        ["Query.units"] = new("{ units { id } }", _ => null, Members, w => w.ProvinceId),
        ["Query.unit"] = new("query($u: ID!) { unit(id: $u) { id } }", w => new { u = w.WardIds[0] }, Members),
        ["Query.team"] = new("query($t: ID!) { team(id: $t) { id } }", w => new { t = w.TeamIds[0] }, Members),
        ["Query.volunteer"] = new("query($v: ID!) { volunteer(id: $v) { id } }", w => new { v = w.VolunteerIds[0][0] }, Members),
        ["Query.counts"] = new("query($c: ID!, $s: ID) { counts(campaignId: $c, scopeId: $s) { helps } }",
            w => new { c = w.CampaignId, s = w.TeamIds[0] }, Members),
        ["Query.reconcile"] = new("query($c: ID!) { reconcile(campaignId: $c) { exact } }", w => new { c = w.CampaignId }, [Org]),
        ["Query.coverage"] = new("query($c: ID!, $w: ID!) { coverage(campaignId: $c, wardId: $w) { placeId } }",
            w => new { c = w.CampaignId, w = w.WardIds[0] }, Members),
        ["Query.me"] = new("{ me { role } }", _ => null, Members, Scoped: false),
        ["Query.myData"] = new("{ myData { volunteer { id } } }", _ => null, [Vol], Scoped: false),
        ["Query.teamInvite"] = new("query($t: ID!) { teamInvite(teamId: $t) { code } }", w => new { t = w.TeamIds[0] }, Staff),
        ["Query.auditLog"] = new("query($u: ID!, $c: ID) { auditLog(unitId: $u, campaignId: $c) { action } }",
            w => new { u = w.WardIds[0], c = w.CampaignId }, Managers),
        ["Query.report"] = new("query($c: ID!, $s: ID) { report(campaignId: $c, scopeId: $s) { csvUrl } }", w => new { c = w.CampaignId, s = w.WardIds[0] }, Managers),
        ["Query.importStatus"] = new("query($id: ID!) { importStatus(id: $id) { done } }", w => new { id = ImportIds[w.CampaignId] }, [Org]),
        ["Query.demoAccounts"] = new("{ demoAccounts { login } }", _ => null, [Caller.Anonymous, .. Members], Scoped: false),
        ["Query.serviceCatalogue"] = new("{ serviceCatalogue { code } }", _ => null, [Org], Scoped: false),
        ["Query.readiness"] = new("query($c: ID!) { readiness(campaignId: $c) { wardId } }", w => new { c = w.CampaignId }, [Org]),
        ["Query.staffing"] = new("query($c: ID!) { staffing(campaignId: $c) { wards { wardId } } }", w => new { c = w.CampaignId }, [Org]),
        ["Query.periodCounts"] = new("query($u: ID!) { periodCounts(unitId: $u, from: \"2026-01-01\", to: \"2026-12-31\") { total { figures { helps } } } }",
            w => new { u = w.WardIds[0] }, Managers),
        ["Query.figuresClosings"] = new("query($c: ID!, $u: ID!) { figuresClosings(campaignId: $c, unitId: $u) { status } }",
            w => new { c = w.CampaignId, u = w.WardIds[0] }, Managers),
        ["Mutation.closeFigures"] = new("mutation($c: ID!, $u: ID!) { closeFigures(campaignId: $c, unitId: $u) { status } }",
            w => new { c = w.CampaignId, u = w.WardIds[0] }, Managers),

        ["Mutation.createUnit"] = new("mutation($p: ID) { createUnit(input: { name: \"Thôn mới\", kind: NEIGHBOURHOOD, parentId: $p }) { id } }",
            w => new { p = w.WardIds[0] }, Managers),
        ["Mutation.createUnits"] = new("mutation($p: ID) { createUnits(inputs: [{ name: \"Thôn mới\", kind: NEIGHBOURHOOD, parentId: $p }]) { id } }",
            w => new { p = w.WardIds[0] }, Managers),
        ["Mutation.createCampaign"] = new("""
            mutation($w: [ID!]!) { createCampaign(input: { name: "Ngày hội", date: "2026-09-02", startsAt: "08:00:00", endsAt: "11:00:00", wardIds: $w }) { id } }
            """, w => new { w = new[] { w.WardIds[0] } }, [Org]),
        ["Mutation.setTargets"] = new("mutation($c: ID!, $w: ID!) { setTargets(campaignId: $c, targets: [{ wardId: $w, service: \"account\", count: 5 }]) { count } }",
            w => new { c = w.CampaignId, w = w.WardIds[0] }, [Org]),
        ["Mutation.startCampaign"] = new("mutation($c: ID!) { startCampaign(id: $c) { status } }", w => new { c = w.CampaignId }, [Org]),
        ["Mutation.closeCampaign"] = new("mutation($c: ID!) { closeCampaign(id: $c) { status } }", w => new { c = w.CampaignId }, [Org]),
        ["Mutation.createTeam"] = new("mutation($w: ID!) { createTeam(wardId: $w, name: \"Tổ 2\") { id } }", w => new { w = w.WardIds[0] }, Managers),
        ["Mutation.addVolunteer"] = new("mutation($t: ID!) { addVolunteer(teamId: $t, name: \"Lê Chi\", phone: \"0987654321\") { id } }",
            w => new { t = w.TeamIds[0] }, Staff),
        ["Mutation.assignPlace"] = new("mutation($c: ID!, $p: ID!, $t: ID!) { assignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
            w => new { c = w.CampaignId, p = w.DeskIds[0], t = w.TeamIds[0] }, Managers),
        ["Mutation.unassignPlace"] = new("mutation($c: ID!, $p: ID!, $t: ID!) { unassignPlace(campaignId: $c, placeId: $p, teamId: $t) { placeId } }",
            w => new { c = w.CampaignId, p = w.NeighbourhoodIds[0], t = w.TeamIds[0] }, Managers),
        ["Mutation.checkIn"] = new("mutation($c: ID!, $v: ID!, $p: ID!) { checkIn(campaignId: $c, volunteerId: $v, placeId: $p) { placeId } }",
            w => new { c = w.CampaignId, v = w.VolunteerIds[0][0], p = w.DeskIds[0] }, [Vol]),
        ["Mutation.checkOut"] = new("mutation($c: ID!, $v: ID!) { checkOut(campaignId: $c, volunteerId: $v) { placeId } }",
            w => new { c = w.CampaignId, v = w.VolunteerIds[0][0] }, [Vol]),
        ["Mutation.logHelp"] = new("mutation($c: ID!, $v: ID!, $h: HelpInput!) { logHelp(campaignId: $c, volunteerId: $v, help: $h) { recordId } }",
            w => new { c = w.CampaignId, v = w.VolunteerIds[0][0], h = World.Help($"m-{Guid.NewGuid():N}") }, [Vol]),
        ["Mutation.logHelps"] = new("mutation($c: ID!, $v: ID!, $h: [HelpInput!]!) { logHelps(campaignId: $c, volunteerId: $v, helps: $h) { recordId } }",
            w => new { c = w.CampaignId, v = w.VolunteerIds[0][0], h = new[] { World.Help($"m-{Guid.NewGuid():N}") } }, [Vol]),
        ["Mutation.signIn"] = new("mutation { signIn(username: \"nobody-here\", password: \"not the password\") { accessToken } }",
            _ => null, [Caller.Anonymous, .. Members], Scoped: false),
        ["Mutation.signInVolunteer"] = new("mutation { signInVolunteer(phone: \"0900000001\", pin: \"000000\") { accessToken } }",
            _ => null, [Caller.Anonymous, .. Members], Scoped: false),
        ["Mutation.joinTeam"] = new("mutation { joinTeam(inviteCode: \"t-nothing.nothing\", name: \"An\", phone: \"0900000002\", pin: \"123456\") { accessToken } }",
            _ => null, [Caller.Anonymous, .. Members], Scoped: false),
        ["Mutation.refreshSession"] = new("mutation { refreshSession(refreshToken: \"nothing.nothing\") { accessToken } }",
            _ => null, [Caller.Anonymous, .. Members], Scoped: false),
        ["Mutation.socketTicket"] = new("mutation { socketTicket }", _ => null, Members, Scoped: false),
        ["Mutation.signOut"] = new("mutation { signOut(refreshToken: \"nothing.nothing\") }", _ => null, [Caller.Anonymous, .. Members], Scoped: false),
        ["Mutation.createAccount"] = new("mutation($t: ID!, $u: String!) { createAccount(role: LEADER, scopeId: $t, username: $u, password: \"long enough secret\") { role } }",
            w => new { t = w.TeamIds[0], u = $"leader-{Guid.NewGuid():N}"[..20] }, Managers),
        ["Mutation.rotateInvite"] = new("mutation($t: ID!) { rotateInvite(teamId: $t) { code } }", w => new { t = w.TeamIds[0] }, Staff),
        ["Mutation.voidHelp"] = new("mutation($c: ID!, $v: ID!) { voidHelp(campaignId: $c, volunteerId: $v, recordId: \"matrix-void\", reason: \"Nhập nhầm\") { recordId } }",
            w => new { c = w.CampaignId, v = w.VolunteerIds[0][0] }, [Vol, Lead, Off]),
        ["Mutation.importUnits"] = new("mutation($csv: String!) { importUnits(csv: $csv, wait: true) { created errors { code } } }",
            w => new { csv = $"code,name,kind,parent_code\n{$"M{Guid.NewGuid():N}"[..12]},Thôn Ma Trận,thôn,{w.WardCodes[0]}\n" }, [Org], _ => Created),
        ["Mutation.importVolunteers"] = new("mutation($csv: String!) { importVolunteers(csv: $csv, wait: true) { created errors { code } } }",
            w => new { csv = $"team,name,phone,branch\n{w.TeamIds[0]},Lê Ma Trận,09{Random.Shared.Next(10_000_000, 99_999_999)},\n" }, Managers, _ => Created),
        ["Mutation.deleteMyAccount"] = new("mutation { deleteMyAccount }", _ => null, [Vol], Scoped: false),
        ["Query.messages"] = new("{ messages { id } }", _ => null, [Vol], Scoped: false),
        ["Mutation.sendMessage"] = new("mutation($t: ID!) { sendMessage(scopeId: $t, text: \"Họp tổ lúc 16:30\") { id } }", w => new { t = w.TeamIds[0] }, Staff),
        ["Mutation.markMessagesRead"] = new("mutation { markMessagesRead(ids: [\"m-nothing\"]) }", _ => null, [Vol], Scoped: false),
        ["Query.helpRecords"] = new("query($c: ID!, $s: ID!) { helpRecords(campaignId: $c, scopeId: $s) { recordId } }",
            w => new { c = w.CampaignId, s = w.TeamIds[0] }, [Lead, Off]),
        ["Mutation.assignMember"] = new("mutation($c: ID!, $t: ID!, $v: ID!, $p: ID!) { assignMember(campaignId: $c, teamId: $t, volunteerId: $v, placeId: $p) { placeId } }",
            w => new { c = w.CampaignId, t = w.TeamIds[0], v = w.VolunteerIds[0][0], p = w.DeskIds[0] }, Staff),
        ["Mutation.unassignMember"] = new("mutation($c: ID!, $t: ID!, $v: ID!) { unassignMember(campaignId: $c, teamId: $t, volunteerId: $v) { placeId } }",
            w => new { c = w.CampaignId, t = w.TeamIds[0], v = w.VolunteerIds[0][0] }, Staff),
    };

    [Fact]
    public void Every_operation_of_the_schema_has_a_case_here()
    {
        var schema = factory.Services.GetRequiredService<ISchema>();
        var operations = schema.Query.Fields.Select(f => $"Query.{f.Name}").Concat(schema.Mutation!.Fields.Select(f => $"Mutation.{f.Name}"));

        // Unsubscribe only stops what the caller's own connection follows; it needs no rule. The connection's
        // lifecycle methods are SignalR's, not callable by a client.
        string[] noRule = [nameof(LiveHub.OnConnectedAsync), nameof(LiveHub.OnDisconnectedAsync), nameof(LiveHub.Unsubscribe)];
        var hub = typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && !noRule.Contains(m.Name)).Select(m => $"Hub.{m.Name}");
        operations = operations.Concat(schema.Subscription!.Fields.Select(f => $"Subscription.{f.Name}")).Concat(hub);
        var cases = Cases.Keys.Concat(HubCases.Keys).Concat(SubscriptionCases);

        Assert.Empty(operations.Except(cases));
        Assert.Empty(cases.Except(operations));
    }

    /// <summary>
    /// A root field without a rule is refused to everyone, so it must name one; a rule must name a field the schema
    /// has, so a renamed field cannot leave its rule behind while the new name falls to the default.
    /// </summary>
    [Fact]
    public void Every_root_field_has_an_access_rule_and_every_rule_a_field()
    {
        var schema = factory.Services.GetRequiredService<ISchema>();
        var roots = new[] { schema.Query, schema.Mutation!, schema.Subscription! }
            .SelectMany(t => t.Fields.Select(f => (t.Name, f.Name)));
        var fields = schema.AllTypes.OfType<IObjectGraphType>().SelectMany(t => t.Fields.Select(f => (t.Name, f.Name)));

        Assert.Empty(roots.Except(AccessRules.Table.Keys));
        Assert.Empty(AccessRules.Table.Keys.Except(fields));
    }

    /// <summary>Anyone may call a root field only where its rule says so in so many words.</summary>
    [Fact]
    public async Task A_root_field_without_a_rule_is_refused_and_an_object_field_without_one_follows_its_object()
    {
        var schema = factory.Services.GetRequiredService<ISchema>();
        var middleware = ActivatorUtilities.CreateInstance<AccessMiddleware>(factory.Services);
        var services = factory.Services.CreateScope().ServiceProvider;
        var resolved = false;
        ValueTask<object?> Next(GraphQL.IResolveFieldContext _)
        {
            resolved = true;
            return ValueTask.FromResult<object?>("resolved");
        }
        GraphQL.ResolveFieldContext Context(IObjectGraphType parent, string field) => new()
        {
            ParentType = parent,
            FieldDefinition = new FieldType { Name = field },
            Schema = schema,
            UserContext = new Dictionary<string, object?>(),
            RequestServices = services,
        };

        var refusal = await Assert.ThrowsAsync<DomainException>(async () => await middleware.ResolveAsync(Context(schema.Query, "unruled"), Next));
        Assert.Equal(AccessMiddleware.Unauthenticated, refusal.Code);
        Assert.False(resolved);
        var plain = schema.AllTypes.OfType<IObjectGraphType>().Single(t => t.Name == "Team");
        Assert.Equal("resolved", await middleware.ResolveAsync(Context(plain, "name"), Next));
        Assert.Null(AccessRules.For("Team", "name"));
    }

    [Fact]
    public async Task Each_role_reaches_inside_its_scope_and_nothing_outside()
    {
        var inside = await World.Create(factory.GraphQL());
        var outside = await World.Create(factory.GraphQL());
        var organiser = await OrganiserOf(inside);
        foreach (var (world, starter) in new[] { (inside, organiser), (outside, await OrganiserOf(outside)) })
        {
            ImportIds[world.CampaignId] = (string)(await starter.Data("mutation($csv: String!) { importVolunteers(csv: $csv, wait: true) { id } }",
                new { csv = $"team,name,phone,branch\n{world.TeamIds[1]},Đỗ Khởi Đầu,09{Random.Shared.Next(10_000_000, 99_999_999)},\n" }))["importVolunteers"]!["id"]!;
        }
        var callers = new Dictionary<Caller, GraphQLClient>
        {
            [Caller.Anonymous] = factory.Anonymous(),
            [Vol] = inside.Volunteer(organiser, inside.VolunteerIds[0][0]),
            [Lead] = await World.Staff(organiser, "LEADER", inside.TeamIds[0]),
            [Off] = await World.Staff(organiser, "OFFICIAL", inside.WardIds[0]),
            [Org] = organiser,
        };
        var wrong = new List<string>();

        foreach (var (operation, (scope, allowedCallers)) in HubCases)
        {
            foreach (var (who, client) in callers)
            {
                foreach (var (where, world) in new[] { ("inside", inside), ("outside", outside) })
                {
                    var expected = where == "inside" && allowedCallers.Contains(who);
                    await using var live = await LiveClient.Connect(factory.Server, who == Caller.Anonymous ? null : await client.AccessToken()).Start();
                    var refusal = await Record.ExceptionAsync(() => live.Subscribe(world.CampaignId, scope(world)));
                    var allowed = refusal is null;
                    if (allowed != expected)
                    {
                        wrong.Add($"{operation} as {who} {where}: {(allowed ? "allowed" : "refused")}, expected {(expected ? "allowed" : "refused")} — {refusal?.Message}");
                    }
                }
            }
        }

        // Deleting an account last, hub cases included: its tokens are refused at once.
        foreach (var (operation, test) in Cases.OrderBy(c => c.Key == "Mutation.deleteMyAccount"))
        {
            foreach (var (who, client) in callers)
            {
                foreach (var (where, world) in test.Scoped ? [("inside", inside), ("outside", outside)] : new[] { ("inside", inside) })
                {
                    var expected = where == "inside" && test.Allowed.Contains(who);
                    var answer = await client.Send(test.Document, test.Variables(world));
                    var allowed = !Refused(answer, operation) && (test.Shows is null || answer.Body["data"]?.ToJsonString().Contains(test.Shows(world), StringComparison.Ordinal) == true);
                    if (allowed != expected)
                    {
                        wrong.Add($"{operation} as {who} {where}: {(allowed ? "allowed" : "refused")}, expected {(expected ? "allowed" : "refused")} — {answer.Body.ToJsonString()}");
                    }
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    /// <summary>
    /// Subscription.counts is decided by the same rule as Query.counts; GraphQLSubscriptionTests drive it over the socket,
    /// and MessagesApiTests Subscription.messages.
    /// </summary>
    private static readonly string[] SubscriptionCases = ["Subscription.counts", "Subscription.messages"];

    /// <summary>Refused by access control: the error names the operation itself, not one of its inputs.</summary>
    private static bool Refused(GraphQLAnswer answer, string operation) => answer.Errors.Any(e =>
        (string?)e!["extensions"]?["code"] is AccessMiddleware.Forbidden or AccessMiddleware.Unauthenticated
        && (string?)e["extensions"]?["field"] == operation);

    /// <summary>World.Create ran as the organiser of the world's province; sign in again as one of that province.</summary>
    private async Task<GraphQLClient> OrganiserOf(World world)
    {
        var username = $"org-{Guid.NewGuid():N}"[..20];
        await factory.Services.GetRequiredService<Api.Accounts.AccountService>()
            .CreateFirstOrganiser(world.ProvinceId, null, null, username, "correct horse battery");
        return factory.GraphQL().As(await factory.Anonymous().SignIn(username, "correct horse battery"));
    }
}
