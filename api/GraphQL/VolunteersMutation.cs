using System.Collections.Immutable;
using GraphQL;
using GraphQL.Types;
using Volunteers.Accounts;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Imports;
using Volunteers.Assignments;
using Volunteers.Campaigns;
using Volunteers.Places;
using Volunteers.Teams;
using Volunteers.Volunteering;

namespace Volunteers.Api.GraphQL;

public sealed class VolunteersMutation : ObjectGraphType
{
    public const int MaxBulkUnits = 5000;

    public VolunteersMutation()
    {
        Name = "Mutation";

        Field<NonNullGraphType<UnitType>>("createUnit")
            .Argument<NonNullGraphType<UnitInputType>>("input")
            .ResolveAsync(async c => await CreateUnit(c, c.GetArgument<UnitInput>("input"), new Dictionary<string, string>()));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitType>>>>("createUnits")
            .Description("Creates many units in order; an item may name an earlier item's key as its parentKey. Every item is checked before any is written: a refused call creates none.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<UnitInputType>>>>("inputs")
            .ResolveAsync(async c =>
            {
                var inputs = c.GetArgument<List<UnitInput>>("inputs");
                if (inputs.Count > MaxBulkUnits)
                {
                    throw DomainException.Invalid("inputs", $"At most {MaxBulkUnits} units per call; got {inputs.Count}.");
                }
                await CheckUnits(c.Grains(), inputs);
                var keys = new Dictionary<string, string>(StringComparer.Ordinal);
                var created = new List<UnitInfo>(inputs.Count);
                foreach (var input in inputs)
                {
                    created.Add(await CreateUnit(c, input, keys));
                }
                return created;
            });

        Field<NonNullGraphType<CampaignType>>("createCampaign")
            .Argument<NonNullGraphType<CampaignInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<CampaignInput>("input");
                var services = input.Services?.Select(s => new Service(s.Code, s.Name, s.NameEn ?? s.Name)).ToImmutableArray();
                return await c.Grains().GetGrain<ICampaignGrain>(Ids.New(Ids.Campaign)).Create(new NewCampaign(
                    input.Name, input.Date, input.StartsAt, input.EndsAt,
                    [.. input.WardIds.Select(id => Ids.Require(id, "wardIds", Ids.Unit))], services, input.IsPublic));
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetType>>>>("setTargets")
            .Description("Sets the targets of the wards named; a ward's targets not listed again are removed.")
            .Argument<NonNullGraphType<IdGraphType>>("campaignId")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<TargetInputType>>>>("targets")
            .ResolveAsync(async c =>
            {
                var campaign = await c.Campaign(c.GetArgument<string>("campaignId"));
                var targets = c.GetArgument<List<TargetInput>>("targets").Select(t => new Target(t.WardId, t.Service, t.Count));
                return await c.Grains().GetGrain<ICampaignGrain>(campaign.Id).SetTargets([.. targets]);
            });

        Field<NonNullGraphType<CampaignType>>("startCampaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Grains().GetGrain<ICampaignGrain>((await c.Campaign(c.GetArgument<string>("id"))).Id).Start());

        Field<NonNullGraphType<CampaignType>>("closeCampaign")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<IntGraphType>("lateSyncMinutes", "How long phones that were offline may still deliver records made before the close; the deployment's default when left out.")
            .ResolveAsync(async c => await c.Grains().GetGrain<ICampaignGrain>((await c.Campaign(c.GetArgument<string>("id"))).Id)
                .Close(c.GetArgument<int?>("lateSyncMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : null));

        Field<NonNullGraphType<TeamType>>("createTeam")
            .Argument<NonNullGraphType<IdGraphType>>("wardId")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await c.Grains().GetGrain<ITeamGrain>(Ids.New(Ids.Team)).Create(
                c.GetArgument<string>("name"), Ids.Require(c.GetArgument<string>("wardId"), "wardId", Ids.Unit)));

        Field<NonNullGraphType<VolunteerType>>("addVolunteer")
            .Argument<NonNullGraphType<IdGraphType>>("teamId")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("phone")
            .Argument<StringGraphType>("branch")
            .ResolveAsync(async c =>
            {
                var teamId = Ids.Require(c.GetArgument<string>("teamId"), "teamId", Ids.Team);
                await RequireNewPhone(c.Grains(), teamId, c.GetArgument<string>("phone"));
                return await c.Grains().GetGrain<IVolunteerGrain>(Ids.New(Ids.Volunteer)).Create(new NewVolunteer(
                    c.GetArgument<string>("name"), c.GetArgument<string>("phone"), c.GetArgument<string?>("branch"), teamId));
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceCoverageType>>>>("assignPlace")
            .Description("Assigns a neighbourhood or desk of a ward to one of its teams for a campaign; returns the ward's coverage.")
            .Arguments(AssignmentArguments())
            .ResolveAsync(async c => await ChangeAssignment(c, (grain, place, team) => grain.Assign(place, team)));

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlaceCoverageType>>>>("unassignPlace")
            .Arguments(AssignmentArguments())
            .ResolveAsync(async c => await ChangeAssignment(c, (grain, place, team) => grain.Unassign(place, team)));

        Field<NonNullGraphType<CheckInIntervalType>>("checkIn")
            .Description("Checks in at a place at the phone's time of the tap. A resend with the same tapId answers the same shift.")
            .Arguments(DayArguments())
            .Argument<NonNullGraphType<IdGraphType>>("placeId")
            .Arguments(TapArguments())
            .ResolveAsync(async c => await Day(c).CheckIn(Ids.Require(c.GetArgument<string>("placeId"), "placeId", Ids.Unit),
                c.GetArgument<DateTimeOffset?>("at"), c.GetArgument<string?>("tapId")));

        Field<NonNullGraphType<CheckInIntervalType>>("checkOut")
            .Description("Ends the open shift at the phone's time of the tap. A resend with the same tapId answers the same shift.")
            .Arguments(DayArguments())
            .Arguments(TapArguments())
            .ResolveAsync(async c => await Day(c).CheckOut(c.GetArgument<DateTimeOffset?>("at"), c.GetArgument<string?>("tapId")));

        Field<NonNullGraphType<ReceiptType>>("logHelp")
            .Description("Logs one citizen helped. A retry with the same recordId returns the same receipt.")
            .Arguments(DayArguments())
            .Argument<NonNullGraphType<HelpInputType>>("help")
            .ResolveAsync(async c =>
            {
                var result = (await Day(c).Log([c.GetArgument<HelpInput>("help").ToEntry()]))[0];
                return result.Receipt ?? throw result.Error!;
            });

        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LogResultType>>>>("logHelps")
            .Description("Logs a batch, as a phone sends after being offline: each record gets its own receipt or error.")
            .Arguments(DayArguments())
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<HelpInputType>>>>("helps")
            .ResolveAsync(async c => await Day(c).Log([.. c.GetArgument<List<HelpInput>>("helps").Select(h => h.ToEntry())]));

        Corrections(this);
        Imports(this);
    }

    private static void Corrections(VolunteersMutation mutation)
    {
        mutation.Field<NonNullGraphType<VoidResultType>>("voidHelp")
            .Description("Voids a wrong help record with a reason: it stays stored, stops counting everywhere and is audited. Voiding twice changes nothing.")
            .Arguments(DayArguments())
            .Argument<NonNullGraphType<IdGraphType>>("recordId")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c =>
            {
                // The trail names who corrected the record: the volunteer, their leader or their ward's official.
                var actor = c.Access().Caller.Subject ?? Ids.Require(c.GetArgument<string>("volunteerId"), "volunteerId", Ids.Volunteer);
                return await Day(c).Void(c.GetArgument<string>("recordId"), c.GetArgument<string>("reason"), actor);
            });
    }

    private static void Imports(VolunteersMutation mutation)
    {
        mutation.Field<NonNullGraphType<ImportJobType>>("importUnits")
            .Description("Imports units by official code from CSV text (columns code, name, kind, parent_code); re-importing changes nothing.")
            .Arguments(ImportArguments())
            .ResolveAsync(async c => await StartImport(c, UnitImport.Kind, UnitImport.Columns,
                c.RequestServices!.GetRequiredService<UnitImport>().Run));

        mutation.Field<NonNullGraphType<ImportJobType>>("importVolunteers")
            .Description("Imports team rosters from CSV text (columns team, name, phone, branch); volunteers are matched by phone within a team.")
            .Arguments(ImportArguments())
            .ResolveAsync(async c => await StartImport(c, VolunteerImport.Kind, VolunteerImport.Columns,
                c.RequestServices!.GetRequiredService<VolunteerImport>().Run));
    }

    private static QueryArguments ImportArguments() => new(
        new QueryArgument<NonNullGraphType<StringGraphType>> { Name = "csv", Description = "The file's text; its first line names the columns." },
        new QueryArgument<NonNullGraphType<ImportModeType>> { Name = "mode", DefaultValue = ImportMode.GoodRows },
        new QueryArgument<NonNullGraphType<BooleanGraphType>> { Name = "wait", DefaultValue = false, Description = "Answer when done rather than at once." });

    private static async Task<ImportStatus> StartImport(IResolveFieldContext context, string kind, string[] columns, ImportRun run)
    {
        var rows = ImportSheet.ReadCsvText(context.GetArgument<string>("csv"), columns);
        var (job, running) = await context.RequestServices!.GetRequiredService<ImportJobs>()
            .Start(kind, context.GetArgument<ImportMode>("mode"), context.Access(), rows, run);
        if (context.GetArgument<bool>("wait"))
        {
            await running;
        }
        return job.Status();
    }

    private static async Task<UnitInfo> CreateUnit(IResolveFieldContext context, UnitInput input, Dictionary<string, string> keys)
    {
        var parentId = input.ParentKey is null
            ? input.ParentId
            : keys.TryGetValue(input.ParentKey, out var id) ? id : throw DomainException.Invalid("parentKey", $"No earlier item has the key '{input.ParentKey}'.");
        if (parentId is not null)
        {
            Ids.Require(parentId, "parentId", Ids.Unit);
        }
        var unit = await context.Grains().GetGrain<IUnitGrain>(Ids.New(Ids.Unit)).Create(new NewUnit(input.Name, input.Kind, input.Code, parentId));
        if (input.Key is not null && !keys.TryAdd(input.Key, unit.Id))
        {
            throw DomainException.Invalid("key", $"The key '{input.Key}' is used twice.");
        }
        return unit;
    }

    /// <summary>
    /// Checks every item of a createUnits call as its grain would (name, code, parent and kind, keys), before
    /// any is written, so a bad item refuses the whole call instead of leaving the items before it behind.
    /// </summary>
    private static async Task CheckUnits(IGrainFactory grains, List<UnitInput> inputs)
    {
        var kinds = new Dictionary<string, UnitKind>(StringComparer.Ordinal);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var directory = grains.GetGrain<IUnitDirectoryGrain>(0);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            try
            {
                Validate.Text(input.Name, "name", 200);
                UnitKind? parent = null;
                if (input.ParentKey is not null)
                {
                    parent = kinds.TryGetValue(input.ParentKey, out var kind) ? kind : throw DomainException.Invalid("parentKey", $"No earlier item has the key '{input.ParentKey}'.");
                }
                else if (input.ParentId is not null)
                {
                    parent = (await grains.GetGrain<IUnitGrain>(Ids.Require(input.ParentId, "parentId", Ids.Unit)).Get()
                        ?? throw DomainException.NotFound("parentId", input.ParentId)).Kind;
                }
                if (!input.Kind.MayHaveParent(parent))
                {
                    throw DomainException.Invalid("parentId", parent is null ? $"A {input.Kind} needs a parent unit." : $"A {input.Kind} cannot sit under a {parent}.");
                }
                if (Validate.Code(input.Code, "code") is { } code && (!codes.Add(code) || await directory.FindByCode(code) is not null))
                {
                    throw DomainException.Conflict("code", $"The code '{code}' belongs to another unit already.");
                }
                if (input.Key is not null && !kinds.TryAdd(input.Key, input.Kind))
                {
                    throw DomainException.Invalid("key", $"The key '{input.Key}' is used twice.");
                }
            }
            catch (DomainException refusal)
            {
                throw new DomainException(refusal.Code, refusal.Field, $"Item {i + 1} of {inputs.Count}: {refusal.Message} No unit was created.");
            }
        }
    }

    private static QueryArguments AssignmentArguments() => new(
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "campaignId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "placeId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "teamId" },
        new QueryArgument<StringGraphType> { Name = "reason", Description = "Why, for the audit log." });

    private static async Task<ImmutableArray<PlaceCoverage>> ChangeAssignment(
        IResolveFieldContext context, Func<IWardAssignmentsGrain, string, string, Task<ImmutableArray<Assignment>>> change)
    {
        var campaign = await context.Campaign(context.GetArgument<string>("campaignId"));
        var place = await context.Unit(context.GetArgument<string>("placeId"), "placeId");
        if (place.ParentId is null || !campaign.WardIds.Contains(place.ParentId))
        {
            throw DomainException.Invalid("placeId", $"'{place.Name}' is not a place of a ward covered by campaign '{campaign.Name}'.");
        }
        var grain = context.Grains().GetGrain<IWardAssignmentsGrain>(Ids.Scoped(campaign.Id, place.ParentId));
        await change(grain, place.Id, Ids.Require(context.GetArgument<string>("teamId"), "teamId", Ids.Team));
        return await grain.Coverage();
    }

    private static QueryArguments TapArguments() => new(
        new QueryArgument<DateTimeOffsetGraphType>
        {
            Name = "at",
            Description = "When the volunteer tapped, on the phone's clock; now when left out. Bounded like a help's occurredAt.",
        },
        new QueryArgument<IdGraphType> { Name = "tapId", Description = "Made by the phone, so a resend names the same tap." });

    private static QueryArguments DayArguments() => new(
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "campaignId" },
        new QueryArgument<NonNullGraphType<IdGraphType>> { Name = "volunteerId" });

    /// <summary>
    /// The volunteer's day grain, without asking the campaign or volunteer grains first: the day
    /// grain checks both (the campaign through a per-silo cache), and a campaign grain asked on
    /// every log would serialise the whole campaign day.
    /// </summary>
    private static IVolunteerDayGrain Day(IResolveFieldContext context)
    {
        var campaignId = Ids.Require(context.GetArgument<string>("campaignId"), "campaignId", Ids.Campaign);
        var volunteerId = Ids.Require(context.GetArgument<string>("volunteerId"), "volunteerId", Ids.Volunteer);
        return context.Grains().GetGrain<IVolunteerDayGrain>(Ids.Scoped(campaignId, volunteerId));
    }

    /// <summary>A team lists a phone once, however it is spelled (0912000003 or +84 912 000 003).</summary>
    private static async Task RequireNewPhone(IGrainFactory grains, string teamId, string phone)
    {
        var login = Logins.OfPhone(Validate.Phone(phone, "phone"));
        var team = await grains.GetGrain<ITeamGrain>(teamId).Get() ?? throw DomainException.NotFound("teamId", teamId);
        var members = await Task.WhenAll(team.VolunteerIds.Select(id => grains.GetGrain<IVolunteerGrain>(id).Get()));
        if (members.Any(m => m is { Phone.Length: > 0 } && Logins.OfPhone(m.Phone) == login))
        {
            throw new DomainException("DUPLICATE", "phone", $"phone '{phone}' is on the roster of team '{team.Name}' already.");
        }
    }
}
