using System.Runtime.InteropServices;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Cuda;

/// <summary>The <c>Pool</c> struct of CudaKernels.cu, passed by value to the pooling kernels.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PoolArguments
{
    public int Planes, InH, InW, OutH, OutW, KernelH, KernelW, StrideH, StrideW, PadH, PadW, DilationH, DilationW;

    public static PoolArguments From(PoolingGeometry g) => new()
    {
        Planes = g.Planes,
        InH = g.InH,
        InW = g.InW,
        OutH = g.OutH,
        OutW = g.OutW,
        KernelH = g.KernelH,
        KernelW = g.KernelW,
        StrideH = g.StrideH,
        StrideW = g.StrideW,
        PadH = g.PadH,
        PadW = g.PadW,
        DilationH = g.DilationH,
        DilationW = g.DilationW,
    };
}
