using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Bench;

/// <summary>The GEMM shape recorder is process-wide: this runs alone so no other test's GEMMs land in its table.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GemmRecorderCollection
{
    public const string Name = "Process-wide GEMM recorder";
}

/// <summary><c>bench --profile</c>: phases, op kinds and the GEMM shapes of one training step.</summary>
[Collection(GemmRecorderCollection.Name)]
public sealed class BenchProfileTests
{
    [Fact]
    public void Profile_prints_phases_and_op_kinds_of_a_training_step()
    {
        var result = CliRunner.Run("bench", "--profile", "smallcnn", "--batch", "4", "--threads", "1", "--repeats", "1");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("profile: smallcnn b4 training step, 1 threads:", result.Output, StringComparison.Ordinal);
        Assert.Contains("| conv2d | 2 |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| batch_norm | 2 |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| linear | 2 |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| optimizer (SGD momentum) |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| conv2d 1->32 3x3/1 at 28x28 | 1 |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| conv2d 32->64 3x3/1 at 14x14 | 1 |", result.Output, StringComparison.Ordinal);

        // conv2 of the 4 images (784 output pixels, K = 32 x 9): forward, weight gradient, input gradient.
        Assert.Contains("GEMM shapes of one step", result.Output, StringComparison.Ordinal);
        Assert.Contains("| NN packed 64x784x288 | 1 |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| NT 288x64x784 | 1 |", result.Output, StringComparison.Ordinal);
        Assert.Contains("| TN 288x784x64 | 1 |", result.Output, StringComparison.Ordinal);
    }
}
