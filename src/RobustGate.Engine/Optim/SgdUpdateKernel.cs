using System.Runtime.Intrinsics;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Optim;

/// <summary>
/// SGD's whole per-parameter update in one vectorised pass: each element's gradient, momentum
/// buffer and weight are read once and written once. The arithmetic is the separate multiplies
/// and adds of the step-by-step form (no fused multiply-add), so every vector width and the
/// scalar tail give the same bits, and large parameters are split into fixed chunks across threads.
/// </summary>
internal static unsafe class SgdUpdateKernel
{
    private const int ChunkSize = 1 << 15;

    /// <summary>The step's constants; <see cref="FirstStep"/> seeds the buffer with d instead of decaying it.</summary>
    public readonly record struct Settings(float LearningRate, float Momentum, float OneMinusDampening, float WeightDecay, bool Nesterov, bool FirstStep);

    /// <summary>
    /// d = g + wd * p; with momentum buf = first ? d : momentum * buf + oneMinusDampening * d and
    /// d = nesterov ? d + momentum * buf : buf; then p = p - lr * d. <paramref name="buffer"/> is empty without momentum.
    /// </summary>
    public static void Apply(Span<float> parameter, ReadOnlySpan<float> gradient, Span<float> buffer, Settings s)
    {
        if (gradient.Length != parameter.Length || (!buffer.IsEmpty && buffer.Length != parameter.Length))
        {
            throw new ArgumentException("SGD buffers differ in length from the parameter.");
        }

        fixed (float* pp = parameter, pg = gradient, pb = buffer)
        {
            var (p, g, b) = ((nint)pp, (nint)pg, (nint)pb);
            var hasBuffer = !buffer.IsEmpty;
            if (parameter.Length <= ChunkSize)
            {
                Run((float*)p, (float*)g, hasBuffer ? (float*)b : null, 0, parameter.Length, s);
                return;
            }

            ParallelLoop.ForChunks(parameter.Length, ChunkSize, (start, end) =>
                Run((float*)p, (float*)g, hasBuffer ? (float*)b : null, (int)start, (int)end, s));
        }
    }

    private static void Run(float* p, float* g, float* buf, int start, int end, Settings s)
    {
        var i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var d = Vector512.Load(g + i);
                var w = Vector512.Load(p + i);
                if (s.WeightDecay != 0)
                {
                    d = (w * s.WeightDecay) + d;
                }

                if (buf != null)
                {
                    var m = s.FirstStep ? d : (d * s.OneMinusDampening) + (Vector512.Load(buf + i) * s.Momentum);
                    m.Store(buf + i);
                    d = s.Nesterov ? (m * s.Momentum) + d : m;
                }

                ((d * -s.LearningRate) + w).Store(p + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var d = Vector256.Load(g + i);
                var w = Vector256.Load(p + i);
                if (s.WeightDecay != 0)
                {
                    d = (w * s.WeightDecay) + d;
                }

                if (buf != null)
                {
                    var m = s.FirstStep ? d : (d * s.OneMinusDampening) + (Vector256.Load(buf + i) * s.Momentum);
                    m.Store(buf + i);
                    d = s.Nesterov ? (m * s.Momentum) + d : m;
                }

                ((d * -s.LearningRate) + w).Store(p + i);
            }
        }

        for (; i < end; i++)
        {
            var d = g[i];
            var w = p[i];
            if (s.WeightDecay != 0)
            {
                d = (w * s.WeightDecay) + d;
            }

            if (buf != null)
            {
                var m = s.FirstStep ? d : (d * s.OneMinusDampening) + (buf[i] * s.Momentum);
                buf[i] = m;
                d = s.Nesterov ? (m * s.Momentum) + d : m;
            }

            p[i] = (d * -s.LearningRate) + w;
        }
    }
}
