using GraphQL;
using GraphQL.Types;
using Volunteers.Api.GraphQL.Types;
using Volunteers.Api.Imports;

namespace Volunteers.Api.GraphQL;

/// <summary>Imports of units and rosters from CSV text, and their progress; the same imports take files at /import.</summary>
public static class ImportFields
{
    public static void Queries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ImportJobType>>("importStatus")
            .Description("Progress of an import: rows processed of the total, the rows refused, and whether it is done.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(c => c.RequestServices!.GetRequiredService<ImportJobs>().Get(c.GetArgument<string>("id")));
    }

    public static void Mutations(ObjectGraphType mutation)
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
}
