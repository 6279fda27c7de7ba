using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Vector norms along dims (attacks use per-sample L1, L2 and L-inf norms).</content>
public static partial class F
{
    /// <summary>
    /// p-norm over <paramref name="dims"/> (all dims when null): p = 1, 2, float.PositiveInfinity, or
    /// any other p > 0. The L2 gradient is x / ||x||, taken as 0 where the norm is 0 (as PyTorch).
    /// L-inf sends the gradient to the first element of largest magnitude.
    /// </summary>
    public static Tensor Norm(Tensor input, float p = 2f, int[]? dims = null, bool keepDim = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(p > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"norm order {p} must be positive.");
        }

        var all = dims ?? Enumerable.Range(0, input.Dim).ToArray();
        if (p == 1f)
        {
            return input.Abs().Sum(all, keepDim);
        }

        if (p == 2f)
        {
            return SafeSqrt(input.Square().Sum(all, keepDim));
        }

        if (float.IsPositiveInfinity(p))
        {
            return MaxAbs(input, all, keepDim);
        }

        return input.Abs().Pow(p).Sum(all, keepDim).Pow(1f / p);
    }

    /// <summary>Norm of each sample: input [N, ...] gives [N].</summary>
    public static Tensor NormPerSample(Tensor input, float p = 2f)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Norm(input.Reshape(input.Size(0), -1), p, [1]);
    }

    /// <summary>sqrt with a zero gradient at 0 instead of infinity (so 0 * inf never makes NaN).</summary>
    private static Tensor SafeSqrt(Tensor input)
    {
        var r = Tensor.Uninitialized(input.ShapeRef);
        System.Numerics.Tensors.TensorPrimitives.Sqrt(input.ReadOnlySpan, r.Span);
        return r.Record("norm_sqrt", [input], (g, _) =>
        {
            var gi = Tensor.Uninitialized(input.ShapeRef);
            var rs = r.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var d = gi.Span;
            for (var i = 0; i < d.Length; i++)
            {
                d[i] = rs[i] > 0 ? gs[i] / (2f * rs[i]) : 0f;
            }

            return [gi];
        });
    }

    private static Tensor MaxAbs(Tensor input, int[] dims, bool keepDim)
    {
        var rank = input.Dim;
        var reduced = dims.Select(d => ShapeUtil.NormalizeDim(d, rank)).Distinct().Order().ToArray();
        var kept = Enumerable.Range(0, rank).Where(d => Array.IndexOf(reduced, d) < 0).ToArray();
        var abs = input.Abs();

        // Move the reduced dims last, merge them, and take one max along the merged dim.
        var permuted = ShapeUtil.SameShape(kept.Concat(reduced).ToArray(), Enumerable.Range(0, rank).ToArray()) ? abs : abs.Permute([.. kept, .. reduced]);
        var keptShape = kept.Select(d => input.Size(d)).ToArray();
        var merged = permuted.Reshape([.. keptShape, -1]);
        var max = merged.Max(-1);
        if (!keepDim)
        {
            return max;
        }

        var outShape = input.Shape;
        foreach (var d in reduced)
        {
            outShape[d] = 1;
        }

        return max.Reshape(outShape);
    }
}
