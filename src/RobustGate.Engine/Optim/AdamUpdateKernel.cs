using System.Runtime.Intrinsics;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Optim;

/// <summary>
/// Adam's per-parameter update in one vectorised pass over weight, gradient and both moments.
/// Separate multiplies and adds (no fused multiply-add) and IEEE square root and division, so the
/// Vector512, Vector256 and scalar paths give identical bits; large parameters are split into
/// fixed chunks across threads.
/// </summary>
internal static unsafe class AdamUpdateKernel
{
    private const int ChunkSize = 1 << 15;

    /// <summary>
    /// The step's float constants. Decay multiplies the weight first when <see cref="Decoupled"/>
    /// (AdamW); otherwise WeightDecay adds an L2 term to the gradient.
    /// </summary>
    public readonly record struct Settings(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float WeightDecay, float Decay, bool Decoupled, float StepSize, float BiasCorrection2Sqrt, float Eps);

    /// <summary>m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= stepSize * m / (sqrt(v) / sqrt(bc2) + eps).</summary>
    public static void Apply(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> expAvg, Span<float> expAvgSq, Settings s)
    {
        if (gradient.Length != parameter.Length || expAvg.Length != parameter.Length || expAvgSq.Length != parameter.Length)
        {
            throw new ArgumentException("Adam buffers differ in length from the parameter.");
        }

        fixed (float* pp = parameter, pg = gradient, pm = expAvg, pv = expAvgSq)
        {
            var (p, g, m, v) = ((nint)pp, (nint)pg, (nint)pm, (nint)pv);
            if (parameter.Length <= ChunkSize)
            {
                Run((float*)p, (float*)g, (float*)m, (float*)v, 0, parameter.Length, s);
                return;
            }

            ParallelLoop.ForChunks(parameter.Length, ChunkSize, (start, end) =>
                Run((float*)p, (float*)g, (float*)m, (float*)v, (int)start, (int)end, s));
        }
    }

    private static void Run(float* p, float* g, float* m, float* v, int start, int end, Settings s)
    {
        var i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var grad = Vector512.Load(g + i);
                var w = Vector512.Load(p + i);
                if (s.Decoupled)
                {
                    w *= s.Decay;
                }
                else if (s.WeightDecay != 0)
                {
                    grad += s.WeightDecay * w;
                }

                var mi = (Vector512.Load(m + i) * s.Beta1) + (grad * s.OneMinusBeta1);
                var vi = (Vector512.Load(v + i) * s.Beta2) + (grad * grad * s.OneMinusBeta2);
                mi.Store(m + i);
                vi.Store(v + i);
                var denom = (Vector512.Sqrt(vi) / s.BiasCorrection2Sqrt) + Vector512.Create(s.Eps);
                (w - (s.StepSize * (mi / denom))).Store(p + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var grad = Vector256.Load(g + i);
                var w = Vector256.Load(p + i);
                if (s.Decoupled)
                {
                    w *= s.Decay;
                }
                else if (s.WeightDecay != 0)
                {
                    grad += s.WeightDecay * w;
                }

                var mi = (Vector256.Load(m + i) * s.Beta1) + (grad * s.OneMinusBeta1);
                var vi = (Vector256.Load(v + i) * s.Beta2) + (grad * grad * s.OneMinusBeta2);
                mi.Store(m + i);
                vi.Store(v + i);
                var denom = (Vector256.Sqrt(vi) / s.BiasCorrection2Sqrt) + Vector256.Create(s.Eps);
                (w - (s.StepSize * (mi / denom))).Store(p + i);
            }
        }

        for (; i < end; i++)
        {
            var grad = g[i];
            var w = p[i];
            if (s.Decoupled)
            {
                w *= s.Decay;
            }
            else if (s.WeightDecay != 0)
            {
                grad += s.WeightDecay * w;
            }

            var mi = (m[i] * s.Beta1) + (grad * s.OneMinusBeta1);
            var vi = (v[i] * s.Beta2) + (grad * grad * s.OneMinusBeta2);
            m[i] = mi;
            v[i] = vi;
            var denom = (MathF.Sqrt(vi) / s.BiasCorrection2Sqrt) + s.Eps;
            p[i] = w - (s.StepSize * (mi / denom));
        }
    }
}
