using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// ANT's "fix perturbation size" (spec §1.2): per image, the scale η ≥ 0 with
/// ‖clip(x0 + η·δ, 0, 1) − x0‖₂ = ε exactly, found by sorting the per-element saturation
/// points t_i = room_i²/δ_i² of the piecewise-linear S(t) = ‖clip(x0 + √t·δ) − x0‖² and
/// solving on the interval where S crosses ε² (all sums in float64, per image, so the result
/// does not depend on the batch). When ε exceeds what the box allows, every element saturates
/// and the norm stays below ε. The gradient treats η as a constant (stop-gradient) and
/// differentiates through clip(x0 + η·δ) only — the simplification the spec's port notes
/// (§1.8) allow; η is still recomputed from the current δ at every step.
/// </summary>
public sealed class FixedL2Projection
{
    private double[] _times = [];
    private double[] _squares = [];

    /// <summary>The scale η for each of the <paramref name="count"/> images.</summary>
    public float[] Scales(ReadOnlySpan<float> clean, ReadOnlySpan<float> delta, int count, double epsilon)
    {
        if (!(epsilon >= 0) || !double.IsFinite(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be a finite non-negative number.");
        }

        if (count < 1 || clean.Length != delta.Length || clean.Length % count != 0)
        {
            throw new ArgumentException($"need {count} equally sized images in clean and delta, got {clean.Length} and {delta.Length} elements.", nameof(delta));
        }

        var d = clean.Length / count;
        if (_times.Length < d)
        {
            _times = new double[d];
            _squares = new double[d];
        }

        var scales = new float[count];
        for (var i = 0; i < count; i++)
        {
            scales[i] = (float)Math.Sqrt(SquaredScale(clean.Slice(i * d, d), delta.Slice(i * d, d), epsilon * epsilon));
        }

        return scales;
    }

    /// <summary>clip(x0 + η·δ, 0, 1) per image with η from <see cref="Scales"/>; differentiable in δ (η held constant).</summary>
    public Tensor Apply(Tensor clean, Tensor delta, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(delta);
        var n = clean.Size(0);
        var scales = Scales(clean.ReadOnlySpan, delta.ReadOnlySpan, n, epsilon);
        var broadcastShape = new int[clean.Dim];
        broadcastShape.AsSpan().Fill(1);
        broadcastShape[0] = n;
        // Not disposed: the product's backward reads η.
        var eta = Tensor.FromArray(scales, broadcastShape);
        var scaled = delta * eta;
        var shifted = scaled + clean;
        return shifted.Clamp(0f, 1f);
    }

    private double SquaredScale(ReadOnlySpan<float> x0, ReadOnlySpan<float> delta, double target)
    {
        var n = x0.Length;
        var times = _times.AsSpan(0, n);
        var squares = _squares.AsSpan(0, n);
        for (var k = 0; k < n; k++)
        {
            double dk = delta[k];
            var room = dk >= 0 ? 1.0 - x0[k] : x0[k];
            squares[k] = dk * dk;
            times[k] = room * room / Math.Max(squares[k], 1e-20);
        }

        times.Sort(squares);

        // Slope of S on the interval ending at t_(k) is the δ² mass of the elements not yet
        // saturated there: the suffix sum from k on.
        double slope = 0;
        for (var k = 0; k < n; k++)
        {
            slope += squares[k];
        }

        double previousTime = 0;
        double value = 0;
        for (var k = 0; k < n; k++)
        {
            var next = value + (slope * (times[k] - previousTime));
            if (next >= target && slope > 0)
            {
                return times[k] - ((next - target) / slope);
            }

            value = next;
            previousTime = times[k];
            slope -= squares[k];
        }

        return n == 0 ? 0 : times[n - 1];
    }
}
