using RobustGate.Engine.IO;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.TestSupport;
using RobustGate.Engine.Training.AugMix;

namespace RobustGate.Engine.Tests.Training.AugMix;

/// <summary>The JSD loss against PyTorch's (the reference's cifar.py formula) and its gradient against finite differences.</summary>
public sealed class JensenShannonLossTests
{
    private static readonly string Folder = Path.Combine(SharedData.RepositoryRoot, "tests", "RobustGate.Engine.Tests", "Training", "AugMix", "TestData");

    [Fact]
    public void Value_and_gradient_match_pytorch()
    {
        var logitValues = NpyFile.Read(Path.Combine(Folder, "jsd_logits.npy")).ToFloat32();
        var reference = NpyFile.Read(Path.Combine(Folder, "jsd_loss_and_grad.npy")).ToFloat32();
        using var logits = Tensor.FromArray(logitValues, 12, 5).RequiresGrad_();
        using var loss = JensenShannonLoss.Compute(logits, [0, 3, 1, 4], 12f);
        loss.Backward();
        // float32 softmax/log/sum in a different order than PyTorch's: a few ulps of a loss near 6
        // (ulp 4.8e-7) and of gradients below 1; 1e-5 leaves room for that and nothing more.
        Assert.Equal(reference[0], loss.Item(), 1e-5f);
        var grad = logits.Grad!.ToArray();
        for (var i = 0; i < grad.Length; i++)
        {
            Assert.Equal(reference[i + 1], grad[i], 1e-5f);
        }
    }

    [Fact]
    public void Identical_views_have_zero_divergence()
    {
        var row = new float[] { 0.5f, -1f, 2f, 0.25f, 0f, 1f };
        using var a = Tensor.FromArray(row, 2, 3);
        using var b = Tensor.FromArray(row, 2, 3);
        using var c = Tensor.FromArray(row, 2, 3);
        using var js = JensenShannonLoss.Divergence(a, b, c);
        Assert.Equal(0f, js.Item(), 1e-7f); // KL of a distribution with itself, up to float rounding of log.
    }

    [Fact]
    public void Gradient_matches_central_finite_differences()
    {
        var random = new Generator(3);
        var values = new float[9 * 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextNormal() * 1.5);
        }

        int[] labels = [2, 0, 3];
        using var logits = Tensor.FromArray((float[])values.Clone(), 9, 4).RequiresGrad_();
        using var loss = JensenShannonLoss.Compute(logits, labels, 12f);
        loss.Backward();
        var analytic = logits.Grad!.ToArray();
        const float h = 1e-2f;
        for (var i = 0; i < values.Length; i++)
        {
            var plus = (float[])values.Clone();
            var minus = (float[])values.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (Evaluate(plus, labels) - Evaluate(minus, labels)) / (2 * h);
            // float32 loss near 3 (ulp 2.4e-7) divided by 2h gives ~2.4e-5 rounding noise; the O(h²)
            // truncation of the central difference with these curvatures stays below 1e-3.
            Assert.True(Math.Abs(numeric - analytic[i]) <= 2e-3 + (1e-2 * Math.Abs(analytic[i])), $"element {i}: analytic {analytic[i]}, numeric {numeric}");
        }
    }

    private static float Evaluate(float[] values, int[] labels)
    {
        using var logits = Tensor.FromArray(values, 9, 4);
        using var loss = JensenShannonLoss.Compute(logits, labels, 12f);
        return loss.Item();
    }
}
