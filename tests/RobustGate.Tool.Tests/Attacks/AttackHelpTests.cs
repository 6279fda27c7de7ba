using RobustGate.Engine.Tests.TestSupport;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Attacks;

/// <summary>The attack command's help is part of the CLI contract, reviewed as a snapshot.</summary>
public sealed class AttackHelpTests
{
    [Fact]
    public void Help_matches_the_snapshot()
    {
        var result = CliRunner.Run("attack", "--help");
        Assert.Equal(0, result.ExitCode);
        Snapshot.Verify(result.Output, "txt");
    }
}
