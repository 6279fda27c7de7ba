using System.IO.Compression;
using System.Xml.Linq;
using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.EndToEnd;

/// <summary>What the two packages carry: metadata from Directory.Build.props, the tool's layout, and a build-only tasks package without dependencies.</summary>
[Trait("Category", "EndToEnd")]
[Collection(PackageFeedCollection.Name)]
public sealed class PackageContentTests
{
    private readonly PackageFeedFixture _packages;

    public PackageContentTests(PackageFeedFixture packages) => _packages = packages;

    private static (XElement Metadata, List<string> Entries) Open(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        return (metadata, zip.Entries.Select(e => e.FullName).ToList());
    }

    private static string? Field(XElement metadata, string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    [Theory]
    [InlineData("RobustGate.Tool")]
    [InlineData("RobustGate.Tasks")]
    public void Both_packages_carry_the_shared_metadata_and_the_readme(string id)
    {
        var (metadata, entries) = Open(Path.Combine(_packages.Feed, $"{id}.{_packages.Version}.nupkg"));
        Assert.Equal(id, Field(metadata, "id"));
        Assert.Equal(_packages.Version, Field(metadata, "version"));
        Assert.Equal("MIT", Field(metadata, "license"));
        Assert.Equal("README.md", Field(metadata, "readme"));
        Assert.Contains("README.md", entries);
        Assert.False(string.IsNullOrWhiteSpace(Field(metadata, "description")));
        Assert.Contains("robustness", Field(metadata, "tags"), StringComparison.Ordinal);
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("https://github.com/robustgate/robustgate", repository.Attribute("url")?.Value);
    }

    [Fact]
    public void Tool_package_is_a_dotnet_tool_with_the_dotnet_robustgate_command()
    {
        var (metadata, entries) = Open(_packages.ToolPackage);
        Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType" && e.Attribute("name")?.Value == "DotnetTool");
        Assert.Contains("tools/net10.0/any/robustgate.dll", entries);
        using var zip = ZipFile.OpenRead(_packages.ToolPackage);
        using var settings = zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml")!.Open();
        var command = XDocument.Load(settings).Descendants("Command").Single();
        Assert.Equal("dotnet-robustgate", command.Attribute("Name")?.Value);
    }

    [Fact]
    public void Tasks_package_is_build_only_and_depends_on_nothing()
    {
        var (metadata, entries) = Open(_packages.TasksPackage);
        Assert.Equal("true", Field(metadata, "developmentDependency"));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName == "dependencies");
        Assert.Contains("build/RobustGate.Tasks.props", entries);
        Assert.Contains("build/RobustGate.Tasks.targets", entries);
        Assert.Contains("tasks/net10.0/RobustGate.Tasks.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("buildTransitive/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.Build", StringComparison.Ordinal));
    }
}
