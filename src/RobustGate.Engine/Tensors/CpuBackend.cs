using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tensors;

/// <summary>The default backend: the managed SIMD kernels in <see cref="Kernels"/>.</summary>
internal sealed class CpuBackend : IComputeBackend
{
    public static readonly CpuBackend Instance = new();

    public string Name => "cpu";

    public void Sgemm(Kernels.Transpose transA, Kernels.Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Gemm.Sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    public void ConvolutionForward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
        => Convolution.Forward(g, input, weight, bias, output);

    public void ConvolutionBackwardData(in ConvGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
        => Convolution.BackwardData(g, gradOutput, weight, gradInput);

    public void ConvolutionBackwardWeight(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias)
        => Convolution.BackwardWeight(g, input, gradOutput, gradWeight, gradBias);
}
