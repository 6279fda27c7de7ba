using System.Runtime.InteropServices;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Max, average and adaptive average pooling over NCHW tensors.</content>
public static partial class F
{
    /// <summary>max_pool2d; stride defaults to the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0, int dilation = 1, bool ceilMode = false)
    {
        var g = PoolGeometry(input, kernelSize, stride ?? kernelSize, padding, dilation, ceilMode, "max_pool2d");
        var output = Tensor.Uninitialized(g.Batch, g.Channels, g.OutH, g.OutW);
        var backend = ComputeBackend.Current;

        // The argmax indices live in a pooled buffer (reinterpreted as int) that the node frees after backward.
        var indices = Tensor.Uninitialized(checked((int)g.OutputSize));
        backend.MaxPool2dForward(g, input.ReadOnlySpan, output.Span, MemoryMarshal.Cast<float, int>(indices.Span));
        if (!GradMode.ShouldRecord(input))
        {
            indices.Dispose();
            return output;
        }

        return output.Record(
            "max_pool2d",
            [input],
            (grad, _) =>
            {
                var gi = Tensor.Uninitialized(input.ShapeRef);
                backend.MaxPool2dBackward(g, grad.ReadOnlySpan, MemoryMarshal.Cast<float, int>(indices.ReadOnlySpan), gi.Span);
                return [gi];
            },
            indices.Dispose);
    }

    /// <summary>avg_pool2d; stride defaults to the kernel size.</summary>
    public static Tensor AvgPool2d(Tensor input, int kernelSize, int? stride = null, int padding = 0, bool ceilMode = false, bool countIncludePad = true, int? divisorOverride = null)
    {
        var g = PoolGeometry(input, kernelSize, stride ?? kernelSize, padding, 1, ceilMode, "avg_pool2d");
        var output = Tensor.Uninitialized(g.Batch, g.Channels, g.OutH, g.OutW);
        var backend = ComputeBackend.Current;
        backend.AvgPool2dForward(g, countIncludePad, divisorOverride, input.ReadOnlySpan, output.Span);
        return output.Record("avg_pool2d", [input], (grad, _) =>
        {
            var gi = Tensor.Uninitialized(input.ShapeRef);
            backend.AvgPool2dBackward(g, countIncludePad, divisorOverride, grad.ReadOnlySpan, gi.Span);
            return [gi];
        });
    }

    /// <summary>adaptive_avg_pool2d to outputH x outputW (PyTorch's bin edges).</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, int outputH, int outputW)
    {
        ArgumentNullException.ThrowIfNull(input);
        var s = input.ShapeRef;
        if (s.Length != 4)
        {
            throw new ArgumentException($"adaptive_avg_pool2d expects NCHW input; got {ShapeUtil.Format(s)}.");
        }

        var planes = s[0] * s[1];
        var output = Tensor.Uninitialized(s[0], s[1], outputH, outputW);
        var backend = ComputeBackend.Current;
        backend.AdaptiveAvgPool2dForward(planes, s[2], s[3], outputH, outputW, input.ReadOnlySpan, output.Span);
        return output.Record("adaptive_avg_pool2d", [input], (grad, _) =>
        {
            var gi = Tensor.Uninitialized(s);
            backend.AdaptiveAvgPool2dBackward(planes, s[2], s[3], outputH, outputW, grad.ReadOnlySpan, gi.Span);
            return [gi];
        });
    }

    public static Tensor AdaptiveAvgPool2d(Tensor input, int outputSize) => AdaptiveAvgPool2d(input, outputSize, outputSize);

    private static PoolingGeometry PoolGeometry(Tensor input, int kernel, int stride, int padding, int dilation, bool ceilMode, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        var s = input.ShapeRef;
        if (s.Length != 4)
        {
            throw new ArgumentException($"{op} expects NCHW input; got {ShapeUtil.Format(s)}.");
        }

        var g = new PoolingGeometry(s[0], s[1], s[2], s[3], kernel, kernel, stride, stride, padding, padding, dilation, dilation, ceilMode);
        g.Validate();
        return g;
    }
}
