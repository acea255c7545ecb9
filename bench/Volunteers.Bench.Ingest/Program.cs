using Volunteers.Bench;

// Replays a campaign morning against a running api over HTTP and prints one Markdown table row.
var options = IngestOptions.Parse(args);
var result = await new IngestRun(options).RunAsync();
Console.WriteLine(IngestResult.Header);
Console.WriteLine(result.Row);
return result.Exact ? 0 : 1;
