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

    void MaxPool2dForward(in PoolingGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> indices);

    void MaxPool2dBackward(in PoolingGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> indices, Span<float> gradInput);

    void AvgPool2dForward(in PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> input, Span<float> output);

    void AvgPool2dBackward(in PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> gradOutput, Span<float> gradInput);

    void AdaptiveAvgPool2dForward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> input, Span<float> output);

    void AdaptiveAvgPool2dBackward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> gradOutput, Span<float> gradInput);

    /// <summary>Per-channel mean and biased variance of [N, C, HW] data.</summary>
    void BatchNormStatistics(int n, int c, int hw, ReadOnlySpan<float> input, Span<float> mean, Span<float> variance);

    /// <summary>output = input * scale[c] + shift[c].</summary>
    void BatchNormAffine(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> output);

    /// <summary>
    /// Training-mode batch norm: batch mean, biased variance and invStd = 1 / sqrt(var + eps) per channel,
    /// and output = (x - mean) * invStd * weight + bias (weight and bias may be empty: 1 and 0).
    /// </summary>
    void BatchNormTrainingForward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> mean, Span<float> variance, Span<float> invStd, Span<float> output);

    /// <summary>
    /// Training-mode batch norm backward: per-channel sum of dy and of dy * (x - mean), and, unless
    /// gradInput is empty, the input gradient (weight may be empty: 1).
    /// </summary>
    void BatchNormTrainingBackward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> weight, Span<float> sumDy, Span<float> sumDyCentered, Span<float> gradInput);

    /// <summary>output = input * scale[c] (eval-mode batch norm's input gradient).</summary>
    void BatchNormScale(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, Span<float> output);
}
