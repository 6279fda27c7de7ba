using RobustGate.Engine.Tests.TestSupport;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Cli;

/// <summary>The help text is the CLI's contract with its users: any change to it is reviewed as a snapshot.</summary>
public class HelpTests
{
    [Theory]
    [InlineData("root")]
    [InlineData("check")]
    [InlineData("gate")]
    [InlineData("merge")]
    [InlineData("baseline accept")]
    [InlineData("corrupt")]
    [InlineData("corruptions")]
    [InlineData("models")]
    [InlineData("predict")]
    [InlineData("train")]
    [InlineData("bench")]
    [InlineData("bench corruptions")]
    [InlineData("bench attacks")]
    [InlineData("devices")]
    public void Help_matches_the_snapshot(string command)
    {
        var args = command == "root" ? ["--help"] : command.Split(' ').Append("--help").ToArray();
        var result = CliRunner.Run(args);
        Assert.Equal(0, result.ExitCode);
        Snapshot.Verify(result.Output, "txt", testMethod: $"{nameof(Help_matches_the_snapshot)}_{command.Replace(' ', '_')}");
    }

    [Fact]
    public void Unknown_option_is_a_usage_error_with_exit_code_2()
    {
        var result = CliRunner.Run("check", "--no-such-option");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mistyped_architecture_gets_a_suggestion()
    {
        var result = CliRunner.Run("check", "--arch", "resnt18", "--data", "synthetic:20", "--report-dir", Path.Combine(Path.GetTempPath(), "rg-help-arch"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("resnet18", result.Error, StringComparison.Ordinal);
        Assert.Contains("did you mean", result.Error, StringComparison.OrdinalIgnoreCase);
    }
}
