using System.Numerics.Tensors;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>Gradient steps and random starts of one sample, in place.</summary>
internal static class Steps
{
    /// <summary>x += alpha·sign(g), sign(0) = 0.</summary>
    public static void Sign(Span<float> x, ReadOnlySpan<float> g, float alpha)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += alpha * MathF.Sign(g[i]);
        }
    }

    /// <summary>x += alpha·g/(‖g‖₂ + 1e-10) (torchattacks' constant).</summary>
    public static void Normalized(Span<float> x, ReadOnlySpan<float> g, float alpha)
    {
        var scale = (float)(alpha / (Projection.Norm2(g) + 1e-10));
        TensorPrimitives.MultiplyAdd(g, scale, x, x);
    }

    /// <summary>
    /// The sparse L1 step (spec 2.4): the coordinates whose |g| is among the largest
    /// <paramref name="fraction"/> of the sample move by alpha/k each in the direction of sign(g), so the
    /// step's L1 length is alpha. <paramref name="scratch"/> holds |g| while selecting.
    /// </summary>
    public static void SparseL1(Span<float> x, ReadOnlySpan<float> g, float alpha, double fraction, Span<float> scratch)
    {
        var n = x.Length;
        var keep = Math.Clamp((int)Math.Ceiling(fraction * n), 1, n);
        var magnitudes = scratch[..n];
        TensorPrimitives.Abs(g, magnitudes);
        magnitudes.Sort();
        var threshold = magnitudes[n - keep];
        var kept = 0;
        for (var i = 0; i < n; i++)
        {
            var m = Math.Abs(g[i]);
            if (m >= threshold && m > 0f)
            {
                kept++;
            }
        }

        if (kept == 0)
        {
            return;
        }

        var each = alpha / kept;
        for (var i = 0; i < n; i++)
        {
            var m = Math.Abs(g[i]);
            if (m >= threshold && m > 0f)
            {
                x[i] += each * MathF.Sign(g[i]);
            }
        }
    }

    /// <summary>
    /// A random start inside the ball: L∞ uniform per element in [−eps, eps]; L2 and L1 a Gaussian
    /// direction scaled to a radius r·eps with r ~ U(0, 1) (torchattacks' "uniform radius" for L2),
    /// then projected (exactly for L1) and clipped.
    /// </summary>
    public static void RandomStart(AttackNorm norm, ReadOnlySpan<float> clean, Span<float> x, float eps, Generator random, Span<float> scratch)
    {
        switch (norm)
        {
            case AttackNorm.Linf:
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] = clean[i] + (float)(((2.0 * random.NextDouble()) - 1.0) * eps);
                }

                Projection.Linf(clean, x, eps);
                break;
            default:
                var direction = scratch[..x.Length];
                for (var i = 0; i < direction.Length; i++)
                {
                    direction[i] = (float)random.NextNormal();
                }

                var length = norm == AttackNorm.L2 ? Projection.Norm2(direction) : Projection.Norm1(direction);
                var radius = random.NextDouble() * eps;
                var scale = (float)(radius / Math.Max(length, 1e-12));
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] = clean[i] + (scale * direction[i]);
                }

                Project(norm, clean, x, eps, scratch);
                break;
        }
    }

    public static void Project(AttackNorm norm, ReadOnlySpan<float> clean, Span<float> x, float eps, Span<float> scratch)
    {
        switch (norm)
        {
            case AttackNorm.Linf:
                Projection.Linf(clean, x, eps);
                break;
            case AttackNorm.L2:
                Projection.L2(clean, x, eps, scratch);
                break;
            default:
                Projection.L1(clean, x, eps);
                break;
        }
    }
}
