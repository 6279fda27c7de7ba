using RobustGate.Engine.Tests.TestSupport;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Overlap;

/// <summary>The overlap command's help is part of the CLI contract, reviewed as a snapshot.</summary>
public sealed class OverlapHelpTests
{
    [Fact]
    public void Help_matches_the_snapshot()
    {
        var result = CliRunner.Run("overlap", "--help");
        Assert.Equal(0, result.ExitCode);
        Snapshot.Verify(result.Output, "txt");
    }
}
