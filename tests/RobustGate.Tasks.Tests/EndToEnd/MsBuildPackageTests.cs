using System.Text.Json;
using System.Text.RegularExpressions;
using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.EndToEnd;

/// <summary>
/// RobustGate.Tasks as a user meets it: a fresh project made of the README's snippets references
/// the packed package from a folder feed, the tool comes from a tool manifest, and
/// `dotnet build -t:RobustGateCheck` passes on the sample model and fails with RG1xxx errors
/// located in robustgate.json once the model is swapped for a damaged one.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PackageFeedCollection.Name)]
public sealed partial class MsBuildPackageTests
{
    private readonly PackageFeedFixture _packages;

    public MsBuildPackageTests(PackageFeedFixture packages) => _packages = packages;

    [Fact]
    public void Fresh_project_passes_with_the_sample_model_and_fails_with_RG_errors_on_a_damaged_one()
    {
        FashionMnist.Require();
        var project = _packages.NewFolder("fresh-project");
        File.WriteAllText(Path.Combine(project, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="robustgate-test-feed" value="{_packages.Feed}" />
              </packageSources>
            </configuration>
            """);
        var snippet = ReadmeSnippets.Block("xml", "Include=\"RobustGate.Tasks\"");
        Assert.Contains($"Version=\"{_packages.Version}\"", snippet, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(project, "Model.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            {snippet}
            </Project>
            """);
        var sample = Path.Combine(TestPaths.Samples, "ModelProject");
        File.Copy(Path.Combine(sample, "robustgate.json"), Path.Combine(project, "robustgate.json"));
        TestPaths.CopyDirectory(Path.Combine(sample, "model"), Path.Combine(project, "model"));
        TestPaths.CopyDirectory(Path.Combine(sample, "baseline"), Path.Combine(project, "baseline"));

        foreach (var command in ReadmeSnippets.Commands("dotnet new tool-manifest"))
        {
            var args = CommandLine.Split(command);
            Assert.Equal("dotnet", args[0]);
            if (args[1] == "build")
            {
                continue; // run below, twice
            }

            var result = ProcessRunner.Dotnet(project, _packages.Environment, [.. args.Skip(1).Select(a => a == "artifacts/packages" ? _packages.Feed : a)]);
            Assert.True(result.ExitCode == 0, result.ToString());
        }

        var good = ProcessRunner.Dotnet(project, _packages.Environment, "build", "-t:RobustGateCheck", "-nodeReuse:false");
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Matches(SummaryLine(), good.Output);
        Assert.DoesNotContain(": error ", good.Output, StringComparison.Ordinal);

        DamagedModel.Write(Path.Combine(sample, "model", "weights.safetensors"), Path.Combine(project, "model", "weights.safetensors"));
        var damaged = ProcessRunner.Dotnet(project, _packages.Environment, "build", "-t:RobustGateCheck", "-nodeReuse:false");
        Assert.True(damaged.ExitCode != 0, damaged.ToString());
        var config = Path.Combine(project, "robustgate.json");
        var errors = RgError().Matches(damaged.Output).Where(m => m.Groups["file"].Value == config).ToList();
        Assert.True(errors.Count > 0, "expected 'robustgate.json : error RG1xxx' lines naming the config file\n" + damaged);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, "robustgate-report", "report.json")));
        Assert.Equal("fail", report.RootElement.GetProperty("gate").GetProperty("verdict").GetString());
    }

    // MSBuild's canonical form: "<file> : error RG1002: <message> [<project>]".
    [GeneratedRegex(@"^\s*(?<file>\S+) : error RG1\d{3}: ", RegexOptions.Multiline)]
    private static partial Regex RgError();

    [GeneratedRegex(@"RobustGate: gate pass: mCE \d\.\d{3}, mean corruption error \d\.\d{3}, clean error \d\.\d{3} -> \S+report\.json")]
    private static partial Regex SummaryLine();
}
