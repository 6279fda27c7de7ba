namespace RobustGate.Engine.Kernels;

/// <summary>
/// The shape of one 2-D convolution, NCHW input, weights [OutChannels, InChannels/Groups, KernelH, KernelW],
/// output [N, OutChannels, OutH, OutW]. Output sizes follow PyTorch's floor formula.
/// </summary>
public readonly record struct ConvGeometry(
    int Batch,
    int InChannels,
    int InH,
    int InW,
    int OutChannels,
    int KernelH,
    int KernelW,
    int StrideH = 1,
    int StrideW = 1,
    int PadH = 0,
    int PadW = 0,
    int DilationH = 1,
    int DilationW = 1,
    int Groups = 1)
{
    public int OutH => ((InH + (2 * PadH) - (DilationH * (KernelH - 1)) - 1) / StrideH) + 1;

    public int OutW => ((InW + (2 * PadW) - (DilationW * (KernelW - 1)) - 1) / StrideW) + 1;

    public int InChannelsPerGroup => InChannels / Groups;

    public int OutChannelsPerGroup => OutChannels / Groups;

    public long InputSize => (long)Batch * InChannels * InH * InW;

    public long OutputSize => (long)Batch * OutChannels * OutH * OutW;

    public long WeightSize => (long)OutChannels * InChannelsPerGroup * KernelH * KernelW;

    public void Validate()
    {
        if (Batch < 0 || InChannels <= 0 || OutChannels <= 0 || KernelH <= 0 || KernelW <= 0 || StrideH <= 0 || StrideW <= 0
            || DilationH <= 0 || DilationW <= 0 || PadH < 0 || PadW < 0 || Groups <= 0)
        {
            throw new ArgumentException($"Invalid convolution geometry {this}.");
        }

        if (InChannels % Groups != 0 || OutChannels % Groups != 0)
        {
            throw new ArgumentException($"Channels ({InChannels} in, {OutChannels} out) must be divisible by groups ({Groups}).");
        }

        if (OutH <= 0 || OutW <= 0)
        {
            throw new ArgumentException($"Convolution output would be empty: {this}.");
        }
    }
}
