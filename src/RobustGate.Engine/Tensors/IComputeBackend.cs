using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tensors;

/// <summary>
/// The seam between tensor ops and the kernels that do the heavy work. Tensor, Functional and
/// everything above them call kernels only through <see cref="ComputeBackend.Current"/>, so a
/// GPU backend (cuBLAS/cuDNN via P/Invoke) can replace <see cref="CpuBackend"/> without touching
/// nn, attacks or training. Spans are host memory in NCHW layout; a device backend would stage
/// them or, later, key device buffers off the tensor storage. Outputs are overwritten unless the
/// method says it accumulates (GEMM's beta).
/// </summary>
internal interface IComputeBackend
{
    string Name { get; }

    /// <summary>Row-major C = alpha * op(A) * op(B) + beta * C (see <see cref="Gemm.Sgemm"/>).</summary>
    void Sgemm(Kernels.Transpose transA, Kernels.Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc);

    void ConvolutionForward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output);

    void ConvolutionBackwardData(in ConvGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput);

    /// <summary>gradBias may be empty when there is no bias.</summary>
    void ConvolutionBackwardWeight(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias);
}
