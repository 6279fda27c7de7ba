using System.Text.Json;
using System.Xml.Linq;
using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.Packaging;

/// <summary>VersionPrefix in Directory.Build.props is the one version; every copy a user sees must equal it.</summary>
public sealed class VersionConsistencyTests
{
    [Fact]
    public void Samples_name_the_version_the_repository_packs()
    {
        var version = TestPaths.PackageVersion;
        var props = XDocument.Load(Path.Combine(TestPaths.Samples, "Directory.Build.props"));
        Assert.Equal(version, props.Descendants("RobustGateVersion").Single().Value.Trim());
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Samples, ".config", "dotnet-tools.json")));
        var tool = manifest.RootElement.GetProperty("tools").GetProperty("robustgate.tool");
        Assert.Equal(version, tool.GetProperty("version").GetString());
        Assert.Equal("dotnet-robustgate", Assert.Single(tool.GetProperty("commands").EnumerateArray()).GetString());
    }

    [Fact]
    public void Readme_snippets_name_the_version_the_repository_packs()
    {
        var version = TestPaths.PackageVersion;
        Assert.Contains($"Version=\"{version}\"", ReadmeSnippets.Block("xml", "Include=\"RobustGate.Tasks\""), StringComparison.Ordinal);
        foreach (var command in ReadmeSnippets.Commands("dotnet tool install --global").Concat(ReadmeSnippets.Commands("dotnet new tool-manifest")))
        {
            if (command.StartsWith("dotnet tool install", StringComparison.Ordinal))
            {
                var args = CommandLine.Split(command);
                Assert.Equal(version, args[args.IndexOf("--version") + 1]);
            }
        }
    }

    [Fact]
    public void Only_the_tool_and_the_tasks_are_packable()
    {
        var projects = Directory.EnumerateFiles(Path.Combine(TestPaths.Repository, "src"), "*.csproj", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.Repository, "tests"), "*.csproj", SearchOption.AllDirectories));
        var packable = projects
            .Where(p => XDocument.Load(p).Descendants("IsPackable").Any(e => e.Value.Trim() == "true"))
            .Select(Path.GetFileNameWithoutExtension)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["RobustGate.Tasks", "RobustGate.Tool"], packable);
        var root = XDocument.Load(Path.Combine(TestPaths.Repository, "Directory.Build.props"));
        Assert.Equal("false", root.Descendants("IsPackable").Single().Value.Trim());
    }
}
