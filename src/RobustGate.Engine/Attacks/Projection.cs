using System.Numerics.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// Per-sample projections onto {x' : ‖x' − x‖ ≤ eps} ∩ [0, 1]^n. For L∞ ball then box is the exact
/// projection onto the intersection; for L2 it is the usual rescale-then-clip (not exact, as in
/// torchattacks, foolbox and APGD-L2); for L1 it is the exact projection (spec 2.4).
/// </summary>
internal static class Projection
{
    /// <summary>Projects <paramref name="adversarial"/> in place onto the L∞ ball around <paramref name="clean"/> and [0, 1].</summary>
    public static void Linf(ReadOnlySpan<float> clean, Span<float> adversarial, float eps)
    {
        for (var i = 0; i < adversarial.Length; i++)
        {
            var c = clean[i];
            var v = Math.Clamp(adversarial[i], c - eps, c + eps);
            adversarial[i] = Math.Clamp(v, 0f, 1f);
        }
    }

    /// <summary>Rescales δ to L2 length at most eps, then clips to [0, 1]. <paramref name="scratch"/> holds δ.</summary>
    public static void L2(ReadOnlySpan<float> clean, Span<float> adversarial, float eps, Span<float> scratch)
    {
        var delta = scratch[..adversarial.Length];
        TensorPrimitives.Subtract(adversarial, clean, delta);
        var norm = Norm2(delta);
        if (norm > eps)
        {
            TensorPrimitives.Multiply(delta, (float)(eps / norm), delta);
            TensorPrimitives.Add(clean, delta, adversarial);
        }

        TensorPrimitives.Clamp(adversarial, 0f, 1f, adversarial);
    }

    /// <summary>
    /// Exact Euclidean projection of x' onto {‖δ‖₁ ≤ eps, 0 ≤ x + δ ≤ 1}: δᵢ = sign(zᵢ)·min(max(|zᵢ| − λ, 0), bᵢ)
    /// with z = x' − x, bᵢ the room towards the wall zᵢ points at, and the smallest λ ≥ 0 that fits the
    /// budget. The budget used is non-increasing in λ, so λ is bisected; the upper end is always feasible,
    /// so the result never exceeds eps.
    /// </summary>
    public static void L1(ReadOnlySpan<float> clean, Span<float> adversarial, float eps)
    {
        var n = adversarial.Length;
        double zMax = 0;
        for (var i = 0; i < n; i++)
        {
            zMax = Math.Max(zMax, Math.Abs((double)adversarial[i] - clean[i]));
        }

        if (Used(clean, adversarial, 0) <= eps)
        {
            Apply(clean, adversarial, 0);
            return;
        }

        double lo = 0, hi = zMax;
        for (var iteration = 0; iteration < 60 && hi - lo > 1e-9 * Math.Max(eps, 1e-12); iteration++)
        {
            var mid = 0.5 * (lo + hi);
            if (Used(clean, adversarial, mid) > eps)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        Apply(clean, adversarial, hi);
    }

    /// <summary>Σ |δᵢ(λ)|.</summary>
    private static double Used(ReadOnlySpan<float> clean, ReadOnlySpan<float> adversarial, double lambda)
    {
        double sum = 0;
        for (var i = 0; i < adversarial.Length; i++)
        {
            var z = (double)adversarial[i] - clean[i];
            var room = z >= 0 ? 1.0 - clean[i] : clean[i];
            sum += Math.Min(Math.Max(Math.Abs(z) - lambda, 0), room);
        }

        return sum;
    }

    private static void Apply(ReadOnlySpan<float> clean, Span<float> adversarial, double lambda)
    {
        for (var i = 0; i < adversarial.Length; i++)
        {
            var z = (double)adversarial[i] - clean[i];
            var room = z >= 0 ? 1.0 - clean[i] : clean[i];
            var magnitude = Math.Min(Math.Max(Math.Abs(z) - lambda, 0), room);
            adversarial[i] = Math.Clamp((float)(clean[i] + (Math.Sign(z) * magnitude)), 0f, 1f);
        }
    }

    /// <summary>L2 norm in double precision, summed in element order.</summary>
    public static double Norm2(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum);
    }

    public static double Norm1(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += Math.Abs(v);
        }

        return sum;
    }

    public static double NormInf(ReadOnlySpan<float> values)
    {
        double max = 0;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    /// <summary>Norm of <paramref name="adversarial"/> − <paramref name="clean"/>.</summary>
    public static double Distance(AttackNorm norm, ReadOnlySpan<float> clean, ReadOnlySpan<float> adversarial)
    {
        double result = 0;
        for (var i = 0; i < clean.Length; i++)
        {
            var d = Math.Abs((double)adversarial[i] - clean[i]);
            result = norm switch
            {
                AttackNorm.Linf => Math.Max(result, d),
                AttackNorm.L2 => result + (d * d),
                _ => result + d,
            };
        }

        return norm == AttackNorm.L2 ? Math.Sqrt(result) : result;
    }
}
