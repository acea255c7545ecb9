using GraphQL;
using GraphQL.Types;
using Volunteers.Campaigns;
using Volunteers.Places;

namespace Volunteers.Api.GraphQL.Types;

public sealed class CampaignStatusType : EnumerationGraphType<CampaignStatus>
{
    public CampaignStatusType() => Name = "CampaignStatus";
}

public sealed class ServiceType : ObjectGraphType<Service>
{
    public ServiceType()
    {
        Name = "Service";
        Description = "A kind of help in the campaign's catalogue.";
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("Vietnamese name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameEn").Resolve(c => c.Source.NameEn);
    }
}

public sealed class TargetType : ObjectGraphType<Target>
{
    public TargetType()
    {
        Name = "Target";
        Description = "A target (chỉ tiêu): how many helps of a service a ward aims for.";
        Field<NonNullGraphType<IdGraphType>>("wardId").Resolve(c => c.Source.WardId);
        Field<NonNullGraphType<UnitType>>("ward").ResolveAsync(async c =>
            await c.Grains().GetGrain<IUnitGrain>(c.Source.WardId).Get().Existing("wardId", c.Source.WardId));
        Field<NonNullGraphType<StringGraphType>>("service").Resolve(c => c.Source.Service);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Count);
    }
}

public sealed class CampaignType : ObjectGraphType<CampaignInfo>
{
    public CampaignType()
    {
        Name = "Campaign";
        Description = "A campaign day (ngày đồng loạt ra quân).";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("name").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<DateOnlyGraphType>>("date").Resolve(c => c.Source.Date);
        Field<NonNullGraphType<TimeOnlyGraphType>>("startsAt").Resolve(c => c.Source.StartsAt);
        Field<NonNullGraphType<TimeOnlyGraphType>>("endsAt").Resolve(c => c.Source.EndsAt);
        Field<NonNullGraphType<CampaignStatusType>>("status").Resolve(c => c.Source.Status);
        Field<DateTimeOffsetGraphType>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("closedAt").Resolve(c => c.Source.ClosedAt);
        Field<DateTimeOffsetGraphType>("lateSyncUntil")
            .Description("After the close, records made before it are still taken until this moment; the figures are final from then on.")
            .Resolve(c => c.Source.LateSyncUntil);
        Field<NonNullGraphType<BooleanGraphType>>("isPublic").Resolve(c => c.Source.IsPublic);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("wardIds").Resolve(c => c.Source.WardIds);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UnitType>>>>("wards").ListSize(QueryCost.UnitChildren).ResolveAsync(async c =>
            await Task.WhenAll(c.Source.WardIds.Select(id => c.Grains().GetGrain<IUnitGrain>(id).Get().Existing("wardId", id))));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ServiceType>>>>("services").Resolve(c => c.Source.Services);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TargetType>>>>("targets").ResolveAsync(async c =>
            await c.Grains().GetGrain<ICampaignGrain>(c.Source.Id).GetTargets());
        Field<NonNullGraphType<CountsType>>("counts")
            .Argument<IdGraphType>("scopeId")
            .ResolveAsync(async c => await c.ReadCounts(c.Source.Id, c.GetArgument<string?>("scopeId")));
    }
}
