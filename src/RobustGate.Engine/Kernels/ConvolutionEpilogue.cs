using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// What the convolution's output pass applies per output channel k after the bias: y = v * scale[k] + shift[k]
/// (an eval-mode batch-norm), then optionally relu. The arithmetic is exactly that of the unfused ops
/// (<see cref="BatchNorm.Affine"/>'s fused multiply-add, <see cref="ReluOperator"/>'s max), so a fused
/// convolution is bit-identical to conv, batch-norm, relu run one after another; it only saves their passes
/// over memory. <see cref="None"/> leaves the output as the convolution wrote it.
/// </summary>
internal readonly unsafe struct ConvolutionEpilogue
{
    public ConvolutionEpilogue(float* scale, float* shift, bool relu)
    {
        Scale = scale;
        Shift = shift;
        Relu = relu;
    }

    public static ConvolutionEpilogue None => default;

    /// <summary>Per-channel multipliers, or null for no affine step.</summary>
    public float* Scale { get; }

    /// <summary>Per-channel offsets (used with <see cref="Scale"/>).</summary>
    public float* Shift { get; }

    public bool Relu { get; }

    public bool IsNone => Scale is null && !Relu;

    /// <summary>
    /// dst[i] = epilogue(src[i] + bias) for one plane of channel <paramref name="channel"/>; dst may be src. Without
    /// a bias nothing is added (adding +0 would turn -0 into +0 and break bit-equality with the unfused ops).
    /// </summary>
    public void Apply(float* src, float* dst, int length, int channel, bool hasBias, float bias)
    {
        var hasAffine = Scale is not null;
        var scale = hasAffine ? Scale[channel] : 1f;
        var shift = hasAffine ? Shift[channel] : 0f;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (b, a, c) = (Vector512.Create(bias), Vector512.Create(scale), Vector512.Create(shift));
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var v = Vector512.Load(src + i);
                if (hasBias)
                {
                    v += b;
                }

                if (hasAffine)
                {
                    v = Vector512.FusedMultiplyAdd(v, a, c);
                }

                if (Relu)
                {
                    v = Vector512.Max(v, Vector512<float>.Zero);
                }

                v.Store(dst + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var (b, a, c) = (Vector256.Create(bias), Vector256.Create(scale), Vector256.Create(shift));
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var v = Vector256.Load(src + i);
                if (hasBias)
                {
                    v += b;
                }

                if (hasAffine)
                {
                    v = Vector256.FusedMultiplyAdd(v, a, c);
                }

                if (Relu)
                {
                    v = Vector256.Max(v, Vector256<float>.Zero);
                }

                v.Store(dst + i);
            }
        }

        for (; i < length; i++)
        {
            var v = hasBias ? src[i] + bias : src[i];
            if (hasAffine)
            {
                v = MathF.FusedMultiplyAdd(v, scale, shift);
            }

            dst[i] = Relu ? MathF.Max(v, 0f) : v;
        }
    }
}
