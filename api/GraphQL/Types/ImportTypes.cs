using GraphQL.Types;
using Volunteers.Api.Imports;

namespace Volunteers.Api.GraphQL.Types;

public sealed class ImportModeType : EnumerationGraphType<ImportMode>
{
    public ImportModeType()
    {
        Name = "ImportMode";
        Description = "ALL_OR_NOTHING imports nothing when a row is bad; GOOD_ROWS imports the good rows and reports the bad ones.";
    }
}

public sealed class ImportErrorType : ObjectGraphType<ImportError>
{
    public ImportErrorType()
    {
        Name = "ImportError";
        Description = "A row that was not imported: its line in the file (the heading is line 1), the column at fault and why.";
        Field<NonNullGraphType<IntGraphType>>("line").Resolve(c => c.Source.Line);
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.Field);
        Field<NonNullGraphType<StringGraphType>>("code").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

public sealed class ImportJobType : ObjectGraphType<ImportStatus>
{
    public ImportJobType()
    {
        Name = "ImportJob";
        Description = "An import running in the background, or done: poll importStatus(id) for progress.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("units or volunteers").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<ImportModeType>>("mode").Resolve(c => c.Source.Mode);
        Field<NonNullGraphType<IntGraphType>>("total").Description("Rows in the file.").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<IntGraphType>>("processed").Description("Rows settled: created, matched or refused.").Resolve(c => c.Source.Processed);
        Field<NonNullGraphType<IntGraphType>>("created").Resolve(c => c.Source.Created);
        Field<NonNullGraphType<IntGraphType>>("matched").Description("Rows already in the store, left as they were.").Resolve(c => c.Source.Matched);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ImportErrorType>>>>("errors").Resolve(c => c.Source.Errors);
        Field<NonNullGraphType<BooleanGraphType>>("done").Resolve(c => c.Source.Done);
        Field<StringGraphType>("failure").Description("Set when the import stopped on an internal error.").Resolve(c => c.Source.Failure);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("startedAt").Resolve(c => c.Source.StartedAt);
        Field<DateTimeOffsetGraphType>("finishedAt").Resolve(c => c.Source.FinishedAt);
        Field<FloatGraphType>("seconds").Resolve(c => c.Source.Seconds);
    }
}
