using RobustGate.Engine.Optim;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Optim;

/// <summary>Schedules against PyTorch's closed forms, stepped once per epoch.</summary>
public sealed class LearningRateSchedulerTests
{
    // Rates are computed in double from the same formulas; only rounding of pow/cos differs.
    private const double Tolerance = 1e-12;

    private static SGD NewOptimizer(double lr) => new([Tensor.Zeros(2).RequiresGrad_()], lr);

    private static List<double> Run(LearningRateScheduler scheduler, int epochs)
    {
        var rates = new List<double>();
        for (var e = 0; e < epochs; e++)
        {
            rates.Add(scheduler.Optimizer.LearningRate);
            scheduler.Step();
        }

        return rates;
    }

    [Fact]
    public void StepLR_decays_every_step_size_epochs()
    {
        var rates = Run(new StepLR(NewOptimizer(0.1), 2, 0.5), 6);
        double[] expected = [0.1, 0.1, 0.05, 0.05, 0.025, 0.025];
        Assert.Equal(expected, rates, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void MultiStepLR_decays_at_milestones()
    {
        var rates = Run(new MultiStepLR(NewOptimizer(1.0), [3, 1], 0.1), 5);
        double[] expected = [1.0, 0.1, 0.1, 0.01, 0.01];
        Assert.Equal(expected, rates, (a, b) => Math.Abs(a - b) < Tolerance);
    }

    [Fact]
    public void Cosine_follows_the_closed_form_and_stays_at_eta_min()
    {
        var rates = Run(new CosineAnnealingLR(NewOptimizer(0.1), 4, 0.001), 6);
        for (var e = 0; e < 6; e++)
        {
            var t = Math.Min(e, 4);
            var expected = 0.001 + ((0.1 - 0.001) * (1 + Math.Cos(Math.PI * t / 4)) / 2);
            Assert.True(Math.Abs(rates[e] - expected) < Tolerance, $"epoch {e}: {rates[e]} vs {expected}");
        }
    }

    [Fact]
    public void Cosine_warmup_ramps_linearly_then_anneals()
    {
        var rates = Run(new CosineAnnealingLR(NewOptimizer(0.4), 6, 0, warmupEpochs: 2), 6);
        Assert.Equal(0.2, rates[0], 12);
        Assert.Equal(0.4, rates[1], 12);
        Assert.Equal(0.4, rates[2], 12);
        Assert.Equal(0.4 * (1 + Math.Cos(Math.PI / 4)) / 2, rates[3], 12);
        Assert.True(rates[5] < rates[4]);
    }

    [Fact]
    public void Exported_epoch_restores_the_rate()
    {
        var first = new StepLR(NewOptimizer(0.1), 1, 0.5);
        first.Step();
        first.Step();
        var resumed = new StepLR(NewOptimizer(0.1), 1, 0.5);
        resumed.ImportState(first.ExportState());
        Assert.Equal(2, resumed.Epoch);
        Assert.Equal(0.025, resumed.Optimizer.LearningRate, 12);
    }
}
