using System.Text.RegularExpressions;
using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.EndToEnd;

/// <summary>
/// RobustGate.Tool installed from a folder feed, as the README says: into the samples' tool
/// manifest (then `dotnet robustgate check` and the sample's own build, which gates after Build),
/// and globally (into an isolated CLI home).
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(PackageFeedCollection.Name)]
public sealed partial class ToolInstallTests
{
    private readonly PackageFeedFixture _packages;

    public ToolInstallTests(PackageFeedFixture packages) => _packages = packages;

    [Fact]
    public void Sample_tool_manifest_restores_from_the_feed_and_the_sample_build_gates_the_model()
    {
        FashionMnist.Require();
        var samples = _packages.CopySamples("samples-copy");
        var restore = ProcessRunner.Dotnet(samples, _packages.Environment, "tool", "restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var project = Path.Combine(samples, "ModelProject");
        var check = ProcessRunner.Dotnet(project, _packages.Environment, "robustgate", "check");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("gate: pass", check.Output, StringComparison.Ordinal);

        var build = ProcessRunner.Dotnet(project, _packages.Environment, "build", "-nodeReuse:false");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("RobustGate: gate pass", build.Output, StringComparison.Ordinal);

        // The sample's promise: swap in a damaged model and its ordinary build fails.
        var weights = Path.Combine(project, "model", "weights.safetensors");
        DamagedModel.Write(Path.Combine(TestPaths.Samples, "ModelProject", "model", "weights.safetensors"), weights);
        var damaged = ProcessRunner.Dotnet(project, _packages.Environment, "build", "-nodeReuse:false");
        Assert.True(damaged.ExitCode != 0, damaged.ToString());
        Assert.Matches(RgError(), damaged.Output);
    }

    [Fact]
    public void Readme_global_install_from_the_feed_runs_dotnet_robustgate_check()
    {
        FashionMnist.Require();
        var samples = _packages.CopySamples("samples-global");
        // Without the samples' tool manifest, `dotnet robustgate` must find the global tool.
        Directory.Delete(Path.Combine(samples, ".config"), recursive: true);
        var project = Path.Combine(samples, "ModelProject");
        var tools = Path.Combine(_packages.Environment["DOTNET_CLI_HOME"]!, ".dotnet", "tools");
        var environment = new Dictionary<string, string?>(_packages.Environment)
        {
            ["PATH"] = tools + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        var commands = ReadmeSnippets.Commands("dotnet tool install --global");
        Assert.Equal(2, commands.Count);
        var install = ProcessRunner.Dotnet(project, environment, [.. CommandLine.Split(commands[0]).Skip(1).Select(a => a == "artifacts/packages" ? _packages.Feed : a)]);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.True(File.Exists(Path.Combine(tools, "dotnet-robustgate")), $"dotnet-robustgate missing from {tools} after a global install\n{install}");

        var check = ProcessRunner.Dotnet(project, environment, [.. CommandLine.Split(commands[1]).Skip(1)]);
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("gate: pass", check.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"ModelProject[/\\]robustgate\.json : error RG1\d{3}: ")]
    private static partial Regex RgError();
}
