using System.Reflection;
using System.Xml.Linq;
using Volunteers.Api.Accounts;
using Volunteers.ServiceDefaults;

namespace Volunteers.Tests.Core;

/// <summary>
/// The api talks to grains only through their contracts: docs/ARCHITECTURE.md names what each project may
/// reference. Checked on the compiled assemblies, which reference only what their code uses.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string[] _apiMayUse = ["Volunteers.Contracts", "Volunteers.ServiceDefaults", "Volunteers.Hosting"];

    [Fact]
    public void The_api_assembly_uses_contracts_operations_and_hosting_only_never_grains_or_storage()
    {
        var used = OurAssembliesUsedBy(typeof(AccountService).Assembly);

        Assert.Equal(_apiMayUse.Order(), used.Order());
    }

    [Fact]
    public void The_api_project_references_contracts_operations_and_hosting_only()
    {
        var project = XDocument.Load(Path.Combine(SchemaTests.RepositoryRoot(), "api", "Volunteers.Api.csproj"));
        var references = project.Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value));

        Assert.Equal(_apiMayUse.Order(), references.Order());
    }

    [Fact]
    public void Operations_and_contracts_know_no_grain()
    {
        Assert.Equal(["Volunteers.Contracts"], OurAssembliesUsedBy(typeof(OperationsHosting).Assembly));
        Assert.Empty(OurAssembliesUsedBy(typeof(DomainException).Assembly));
    }

    private static string[] OurAssembliesUsedBy(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("Volunteers.", StringComparison.Ordinal))];
}
