using RobustGate.Engine.Attacks;
using RobustGate.Engine.Benchmarks;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>The attack benchmark's bookkeeping (timings themselves are machine-dependent).</summary>
public sealed class AttackBenchmarkTests
{
    [Fact]
    public void Counts_passes_and_expresses_cost_in_clean_forward_passes()
    {
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(8);
        var labels = AttackFixtures.Labels(model, images);
        IAttack[] attacks =
        [
            AttackRegistry.Create("fgsm", new AttackParameters { Eps = 0.01 }),
            AttackRegistry.Create("pgd", new AttackParameters { Eps = 0, Steps = 4 }),
        ];
        var timings = AttackBenchmark.Run(model, images, labels, attacks, forwardRepeats: 2);

        // FGSM: clean pass (8) + one gradient pass on the 6 samples correct clean + final check (8).
        Assert.Equal(22, timings[0].ForwardImages);
        Assert.Equal(6, timings[0].BackwardImages);

        // eps = 0 skips the perturbation entirely: clean pass and final check only.
        Assert.Equal(16, timings[1].ForwardImages);
        Assert.Equal(0, timings[1].BackwardImages);
        Assert.All(timings, t => Assert.True(t.CostInForwardPasses > 0 && t.Seconds > 0));
        Assert.Equal(9, AttackBenchmark.Suite(8 / 255.0, 5, 50).Count);
    }
}
