using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// The images and labels of the model workloads, defined by a formula that
/// bench/pytorch_workloads.py evaluates identically (same doubles, same rounding), so both
/// frameworks time exactly the same batch.
/// </summary>
public static class BenchmarkInputs
{
    /// <summary>Step of the low-discrepancy sequence: the golden ratio's fractional part spreads values evenly over [0, 1).</summary>
    private const double Step = 0.6180339887498949;

    /// <summary>Pixel i of the flattened batch is frac(i x 0.618...), rounded to float: [0, 1) like real images.</summary>
    public static Tensor Images(int batch, int channels, int height, int width)
    {
        var x = Tensor.Zeros(batch, channels, height, width);
        var values = x.Span;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(i * Step % 1.0);
        }

        return x;
    }

    /// <summary>Label i is (7 i) mod classes: every class present, not sorted.</summary>
    public static int[] Labels(int batch, int classes)
    {
        var labels = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            labels[i] = (int)(7L * i % classes);
        }

        return labels;
    }
}
