namespace RobustGate.Engine.Kernels;

/// <summary>
/// The shape of a 2-D max or average pooling over NCHW planes. Output sizes follow PyTorch:
/// floor (or ceil with <see cref="CeilMode"/>) of (in + 2 pad - dilation (k - 1) - 1) / stride, plus
/// one; in ceil mode the last window is dropped when it would start inside the right padding.
/// </summary>
public readonly record struct PoolingGeometry(
    int Batch,
    int Channels,
    int InH,
    int InW,
    int KernelH,
    int KernelW,
    int StrideH,
    int StrideW,
    int PadH = 0,
    int PadW = 0,
    int DilationH = 1,
    int DilationW = 1,
    bool CeilMode = false)
{
    public int OutH => OutputLength(InH, KernelH, StrideH, PadH, DilationH, CeilMode);

    public int OutW => OutputLength(InW, KernelW, StrideW, PadW, DilationW, CeilMode);

    public int Planes => Batch * Channels;

    public long InputSize => (long)Planes * InH * InW;

    public long OutputSize => (long)Planes * OutH * OutW;

    public static int OutputLength(int input, int kernel, int stride, int pad, int dilation, bool ceilMode)
    {
        var span = input + (2 * pad) - (dilation * (kernel - 1)) - 1;
        var steps = ceilMode ? (span + stride - 1) / stride : span / stride;
        if (span < 0)
        {
            return 0;
        }

        var output = steps + 1;
        if (ceilMode && (output - 1) * stride >= input + pad)
        {
            output--;
        }

        return output;
    }

    public void Validate()
    {
        if (Batch < 0 || Channels <= 0 || InH <= 0 || InW <= 0 || KernelH <= 0 || KernelW <= 0 || StrideH <= 0 || StrideW <= 0
            || PadH < 0 || PadW < 0 || DilationH <= 0 || DilationW <= 0)
        {
            throw new ArgumentException($"Invalid pooling geometry {this}.");
        }

        if (PadH * 2 > KernelH || PadW * 2 > KernelW)
        {
            throw new ArgumentException($"Pooling padding ({PadH}, {PadW}) must be at most half the kernel size ({KernelH}, {KernelW}).");
        }

        if (OutH <= 0 || OutW <= 0)
        {
            throw new ArgumentException($"Pooling output would be empty: {this}.");
        }
    }
}
