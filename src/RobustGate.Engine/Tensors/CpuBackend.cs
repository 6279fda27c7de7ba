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

    public void MaxPool2dForward(in PoolingGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> indices)
        => PoolingMax.Forward(g, input, output, indices);

    public void MaxPool2dBackward(in PoolingGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> indices, Span<float> gradInput)
        => PoolingMax.Backward(g, gradOutput, indices, gradInput);

    public void AvgPool2dForward(in PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> input, Span<float> output)
        => PoolingAverage.Forward(g, countIncludePad, divisorOverride, input, output);

    public void AvgPool2dBackward(in PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
        => PoolingAverage.Backward(g, countIncludePad, divisorOverride, gradOutput, gradInput);

    public void AdaptiveAvgPool2dForward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> input, Span<float> output)
        => PoolingAverage.AdaptiveForward(planes, inH, inW, outH, outW, input, output);

    public void AdaptiveAvgPool2dBackward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
        => PoolingAverage.AdaptiveBackward(planes, inH, inW, outH, outW, gradOutput, gradInput);

    public void BatchNormStatistics(int n, int c, int hw, ReadOnlySpan<float> input, Span<float> mean, Span<float> variance)
        => BatchNorm.Statistics(n, c, hw, input, mean, variance);

    public void BatchNormAffine(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> output)
        => BatchNorm.Affine(n, c, hw, input, scale, shift, output);

    public void BatchNormTrainingForward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> mean, Span<float> variance, Span<float> invStd, Span<float> output)
        => BatchNorm.TrainingForward(n, c, hw, input, weight, bias, eps, mean, variance, invStd, output);

    public void BatchNormTrainingBackward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> weight, Span<float> sumDy, Span<float> sumDyCentered, Span<float> gradInput)
        => BatchNorm.TrainingBackward(n, c, hw, input, gradOutput, mean, invStd, weight, sumDy, sumDyCentered, gradInput);

    public void BatchNormScale(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, Span<float> output)
        => BatchNorm.Scale(n, c, hw, input, scale, output);
}
