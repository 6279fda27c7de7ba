namespace RobustGate.Engine.Kernels;

/// <summary>The register-tile micro-kernels the packed GEMM can run; each fixes the tile shape MR x NR.</summary>
internal enum GemmKernelKind
{
    /// <summary>8 x 32 tile, 16 zmm accumulators (of 32 registers), AVX-512F FMA.</summary>
    Avx512,

    /// <summary>6 x 16 tile, 12 ymm accumulators (of 16 registers), AVX2 + FMA3.</summary>
    Avx2,

    /// <summary>4 x 8 tile in plain scalar code, for hardware without either.</summary>
    Scalar,
}
