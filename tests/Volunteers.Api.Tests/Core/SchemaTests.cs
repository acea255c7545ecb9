using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace Volunteers.Tests.Core;

public sealed class SchemaTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>
    /// The committed SDL is the API's contract with the web app and other clients; a change to
    /// the code that changes it must change the file in the same commit. To accept a change, run
    /// the tests with UPDATE_SCHEMA=1 and commit api/schema.graphql.
    /// </summary>
    [Fact]
    public void The_committed_schema_file_matches_the_code()
    {
        var printed = factory.Services.GetRequiredService<ISchema>().Print().ReplaceLineEndings("\n").TrimEnd() + "\n";
        var path = Path.Combine(RepositoryRoot(), "api", "schema.graphql");
        if (Environment.GetEnvironmentVariable("UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(path, printed);
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests with UPDATE_SCHEMA=1 to write it.");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), printed);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Volunteers.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Volunteers.sln not found above the test binaries.");
    }
}
