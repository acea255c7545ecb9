using Volunteers.Bench;

// One mode a run, each printing a Markdown table (header and rows) for bench/run.sh to collect.
var options = IngestOptions.Parse(args);
switch (options.Mode)
{
    case "ingest":
        var result = await new IngestRun(options).RunAsync();
        Console.WriteLine(IngestResult.Header);
        Console.WriteLine(result.Row);
        return result.Exact ? 0 : 1;
    case "growth":
        var rows = await new GrowthRun(options).RunAsync();
        Console.WriteLine(IngestResult.GrowthHeader);
        rows.ToList().ForEach(row => Console.WriteLine(row.GrowthRow));
        return rows.All(row => row.Exact) ? 0 : 1;
    case "imports":
        var (table, clean) = await ImportsRun.RunAsync(options);
        Console.WriteLine(table);
        return clean ? 0 : 1;
    case "sqlite-raw":
        Console.WriteLine(await SqliteRaw.RunAsync(options));
        return 0;
    case "seed":
        Console.WriteLine(await CountsRun.SeedAsync(options));
        return 0;
    case "counts":
        var counts = await CountsRun.MeasureAsync(options);
        Console.WriteLine(counts.Table);
        return counts.Exact ? 0 : 1;
    default:
        Console.Error.WriteLine($"Unknown --mode '{options.Mode}': ingest, growth, imports, sqlite-raw, seed or counts.");
        return 2;
}
