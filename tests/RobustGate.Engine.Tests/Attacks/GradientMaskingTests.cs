using RobustGate.Engine.Attacks;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>The sanity checks: zero gradients are counted and Square exposes what gradient attacks miss.</summary>
public sealed class GradientMaskingTests
{
    [Fact]
    public void Square_breaks_a_masked_model_and_the_worst_case_warns()
    {
        // Images of mean 0.5; the threshold 0.55 is 8 standard deviations of the mean shift of an APGD
        // start (0.3 · 0.58 / 28), so the gradient-free search is the only way across.
        using var images = Tensor.Full(0.5f, 4, 1, 28, 28);
        var model = new MaskedGradientModel(0.55f);
        int[] labels = [0, 0, 0, 0];
        var attack = (AutoAttack)AttackRegistry.Create("autoattack", new AttackParameters { Eps = 0.3, Steps = 10, SquareQueries = 300, TargetClasses = 3 });
        var result = attack.Run(model, images, labels, 2);

        Assert.Equal(4, result.CleanCorrectCount);
        Assert.Equal(4, result.ZeroGradientSamples);
        Assert.Equal([4, 4, 0], result.Stages.Select(s => s.RobustAfter));
        Assert.Equal(0, result.RobustCount);
        Assert.Contains(result.Warnings, w => w.StartsWith("gradient masking suspected: square fooled 4 of 4", StringComparison.Ordinal));
    }
}
