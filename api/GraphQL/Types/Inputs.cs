using GraphQL.Types;

namespace Volunteers.Api.GraphQL.Types;

public sealed class UnitInput
{
    public string Name { get; set; } = "";
    public Places.UnitKind Kind { get; set; }
    public string? Code { get; set; }
    public string? ParentId { get; set; }

    /// <summary>In a bulk create: a name for this unit that later items can use as their parentKey.</summary>
    public string? Key { get; set; }

    public string? ParentKey { get; set; }
}

public sealed class UnitInputType : InputObjectGraphType<UnitInput>
{
    public UnitInputType()
    {
        Name = "UnitInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<UnitKindType>>("kind");
        Field<StringGraphType>("code").Description("Official statistics code.");
        Field<IdGraphType>("parentId").Description("An existing parent unit.");
        Field<StringGraphType>("key").Description("Bulk create only: a label other items of the same call can name as parentKey.");
        Field<StringGraphType>("parentKey").Description("Bulk create only: the key of an earlier item of the same call.");
    }
}

public sealed class ServiceInput
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? NameEn { get; set; }
}

public sealed class ServiceInputType : InputObjectGraphType<ServiceInput>
{
    public ServiceInputType()
    {
        Name = "ServiceInput";
        Field<NonNullGraphType<StringGraphType>>("code");
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<StringGraphType>("nameEn");
    }
}

public sealed class CampaignInput
{
    public string Name { get; set; } = "";
    public DateOnly Date { get; set; }
    public TimeOnly StartsAt { get; set; }
    public TimeOnly EndsAt { get; set; }
    public List<string> WardIds { get; set; } = [];
    public List<ServiceInput>? Services { get; set; }
    public bool IsPublic { get; set; }
}

public sealed class CampaignInputType : InputObjectGraphType<CampaignInput>
{
    public CampaignInputType()
    {
        Name = "CampaignInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<DateOnlyGraphType>>("date");
        Field<NonNullGraphType<TimeOnlyGraphType>>("startsAt");
        Field<NonNullGraphType<TimeOnlyGraphType>>("endsAt");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("wardIds");
        Field<ListGraphType<NonNullGraphType<ServiceInputType>>>("services").Description("The service catalogue; the default one when omitted.");
        Field<BooleanGraphType>("isPublic").DefaultValue(false);
    }
}

public sealed class TargetInput
{
    public string WardId { get; set; } = "";
    public string Service { get; set; } = "";
    public int Count { get; set; }
}

public sealed class TargetInputType : InputObjectGraphType<TargetInput>
{
    public TargetInputType()
    {
        Name = "TargetInput";
        Field<NonNullGraphType<IdGraphType>>("wardId");
        Field<NonNullGraphType<StringGraphType>>("service");
        Field<NonNullGraphType<IntGraphType>>("count");
    }
}

public sealed class HelpInput
{
    public string RecordId { get; set; } = "";
    public string Service { get; set; } = "";
    public Campaigns.Procedure? Procedure { get; set; }
    public Campaigns.Channel Channel { get; set; }
    public Campaigns.Outcome Outcome { get; set; }
    public int Minutes { get; set; }
    public DateTimeOffset? OccurredAt { get; set; }
    public string? PlaceId { get; set; }

    public Volunteering.HelpEntry ToEntry() => new(RecordId, Service, Procedure, Channel, Outcome, Minutes, OccurredAt, PlaceId);
}

public sealed class HelpInputType : InputObjectGraphType<HelpInput>
{
    public HelpInputType()
    {
        Name = "HelpInput";
        Description = "One citizen helped. No name or ID number of the citizen is ever sent.";
        Field<NonNullGraphType<IdGraphType>>("recordId").Description("Made by the phone, so a retry names the same record.");
        Field<NonNullGraphType<StringGraphType>>("service");
        Field<ProcedureType>("procedure").Description("Required for online-application, absent otherwise.");
        Field<NonNullGraphType<ChannelType>>("channel");
        Field<NonNullGraphType<OutcomeType>>("outcome");
        Field<NonNullGraphType<IntGraphType>>("minutes").Description("How long the help took, 0 to 480.");
        Field<DateTimeOffsetGraphType>("occurredAt").Description("When the help happened; now when omitted.");
        Field<IdGraphType>("placeId").Description("Where; the place checked in at when omitted.");
    }
}
