using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Fully connected layer.</content>
public static partial class F
{
    /// <summary>linear: y = x W^T + b, x [..., in], W [out, in], b [out].</summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var x = input.ShapeRef;
        var w = weight.ShapeRef;
        if (w.Length != 2 || x.Length == 0 || x[^1] != w[1])
        {
            throw new ArgumentException($"linear: input {ShapeUtil.Format(x)} and weight {ShapeUtil.Format(w)} do not match.");
        }

        if (bias is not null && bias.Numel != w[0])
        {
            throw new ArgumentException($"linear: bias shape {ShapeUtil.Format(bias.ShapeRef)} does not match {w[0]} outputs.");
        }

        int inF = w[1], outF = w[0], rows = input.Numel / inF;
        var outShape = (int[])x.Clone();
        outShape[^1] = outF;
        var output = Tensor.Uninitialized(outShape);
        var backend = ComputeBackend.Current;
        var o = output.Span;
        if (bias is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                bias.ReadOnlySpan.CopyTo(o.Slice(r * outF, outF));
            }
        }

        backend.Sgemm(Kernels.Transpose.No, Kernels.Transpose.Yes, rows, outF, inF, 1f, input.ReadOnlySpan, inF, weight.ReadOnlySpan, inF, bias is null ? 0f : 1f, o, outF);
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return output.Record("linear", inputs, (g, need) =>
        {
            var grads = new Tensor?[inputs.Length];
            if (need[0])
            {
                var gi = Tensor.Uninitialized(x);
                backend.Sgemm(Kernels.Transpose.No, Kernels.Transpose.No, rows, inF, outF, 1f, g.ReadOnlySpan, outF, weight.ReadOnlySpan, inF, 0f, gi.Span, inF);
                grads[0] = gi;
            }

            if (need[1])
            {
                var gw = Tensor.Uninitialized(w);
                backend.Sgemm(Kernels.Transpose.Yes, Kernels.Transpose.No, outF, inF, rows, 1f, g.ReadOnlySpan, outF, input.ReadOnlySpan, inF, 0f, gw.Span, inF);
                grads[1] = gw;
            }

            if (bias is not null && need[2])
            {
                var gb = Tensor.Uninitialized(outF);
                Tensor.ReduceSumRows(g.ReadOnlySpan, rows, outF, gb.Span);
                grads[2] = gb;
            }

            return grads;
        });
    }
}
