using System.Globalization;

namespace RobustGate.Engine.Kernels;

/// <summary>One GEMM call's shape: C[M x N] = op(A)[M x K] op(B)[K x N]; <see cref="PrepackedB"/> when the caller packed B itself (im2col, Winograd).</summary>
public readonly record struct GemmShape(Transpose TransA, Transpose TransB, int M, int N, int K, bool PrepackedB)
{
    public double Flops => 2.0 * M * N * K;

    /// <summary>"NT 576x64x1024": the transposes of A and B, then M x N x K.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(TransA == Transpose.No ? 'N' : 'T')}{(TransB == Transpose.No ? 'N' : 'T')}{(PrepackedB ? " packed" : string.Empty)} {M}x{N}x{K}");
}
