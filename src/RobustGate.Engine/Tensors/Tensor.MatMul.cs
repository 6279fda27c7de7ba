namespace RobustGate.Engine.Tensors;

/// <content>Matrix products through the compute backend's GEMM.</content>
public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product: [m, k] x [k, n], or batched [b, m, k] x [b, k, n] (either side may also be
    /// 2-D, shared across the batch).
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var a = this;
        var b = other;
        if (a.Dim is < 2 or > 3 || b.Dim is < 2 or > 3)
        {
            throw new ArgumentException($"MatMul supports 2-D and 3-D tensors; got {ShapeUtil.Format(a.shape)} and {ShapeUtil.Format(b.shape)}.");
        }

        int m = a.shape[^2], k = a.shape[^1], n = b.shape[^1];
        if (b.shape[^2] != k)
        {
            throw new ArgumentException($"MatMul: inner dimensions differ ({ShapeUtil.Format(a.shape)} x {ShapeUtil.Format(b.shape)}).");
        }

        var batchA = a.Dim == 3 ? a.shape[0] : 1;
        var batchB = b.Dim == 3 ? b.shape[0] : 1;
        if (batchA != batchB && batchA != 1 && batchB != 1)
        {
            throw new ArgumentException($"MatMul: batch sizes differ ({batchA} vs {batchB}).");
        }

        var batch = Math.Max(batchA, batchB);
        int[] outShape = a.Dim == 3 || b.Dim == 3 ? [batch, m, n] : [m, n];
        var result = Uninitialized(outShape);
        var backend = ComputeBackend.Current;
        for (var i = 0; i < batch; i++)
        {
            backend.Sgemm(
                Kernels.Transpose.No, Kernels.Transpose.No, m, n, k, 1f,
                a.ReadOnlySpan.Slice((batchA == 1 ? 0 : i) * m * k, m * k), k,
                b.ReadOnlySpan.Slice((batchB == 1 ? 0 : i) * k * n, k * n), n,
                0f, result.Span.Slice(i * m * n, m * n), n);
        }

        return result.Record("matmul", [a, b], (g, need) =>
        {
            Tensor? ga = null, gb = null;
            if (need[0])
            {
                // dA = dC * B^T, summed over the batch when A was shared.
                ga = Zeros(a.shape);
                for (var i = 0; i < batch; i++)
                {
                    backend.Sgemm(
                        Kernels.Transpose.No, Kernels.Transpose.Yes, m, k, n, 1f,
                        g.ReadOnlySpan.Slice(i * m * n, m * n), n,
                        b.ReadOnlySpan.Slice((batchB == 1 ? 0 : i) * k * n, k * n), n,
                        1f, ga.Span.Slice((batchA == 1 ? 0 : i) * m * k, m * k), k);
                }
            }

            if (need[1])
            {
                // dB = A^T * dC.
                gb = Zeros(b.shape);
                for (var i = 0; i < batch; i++)
                {
                    backend.Sgemm(
                        Kernels.Transpose.Yes, Kernels.Transpose.No, k, n, m, 1f,
                        a.ReadOnlySpan.Slice((batchA == 1 ? 0 : i) * m * k, m * k), k,
                        g.ReadOnlySpan.Slice(i * m * n, m * n), n,
                        1f, gb.Span.Slice((batchB == 1 ? 0 : i) * k * n, k * n), n);
                }
            }

            return [ga, gb];
        });
    }
}
