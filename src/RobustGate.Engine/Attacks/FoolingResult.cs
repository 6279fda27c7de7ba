namespace RobustGate.Engine.Attacks;

/// <summary>Fooling images of a batch and the statistics the RobustNet report lists per learning rate.</summary>
public sealed class FoolingResult
{
    internal FoolingResult(float[] images, int[] shape, int[] targets, bool[] success, int[] iterations, double[] l2, double[] linf)
    {
        Images = images;
        Shape = shape;
        Targets = targets;
        Success = success;
        Iterations = iterations;
        L2Distances = l2;
        LinfDistances = linf;
    }

    /// <summary>The generated images, N x C x H x W in [0, 1].</summary>
    public float[] Images { get; }

    public int[] Shape { get; }

    /// <summary>The wrong class each image was pushed towards.</summary>
    public int[] Targets { get; }

    /// <summary>The model classifies the image as its target.</summary>
    public bool[] Success { get; }

    /// <summary>Gradient steps taken (to success, or the cap).</summary>
    public int[] Iterations { get; }

    public double[] L2Distances { get; }

    public double[] LinfDistances { get; }

    public double SuccessRate => Success.Length == 0 ? 0 : (double)Success.Count(s => s) / Success.Length;

    public double MeanIterations => Iterations.Length == 0 ? 0 : Iterations.Average();

    public double MeanL2 => L2Distances.Length == 0 ? 0 : L2Distances.Average();

    public double MedianL2 => Median(L2Distances);

    public double MeanLinf => LinfDistances.Length == 0 ? 0 : LinfDistances.Average();

    public double MedianLinf => Median(LinfDistances);

    private static double Median(double[] values)
    {
        if (values.Length == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
