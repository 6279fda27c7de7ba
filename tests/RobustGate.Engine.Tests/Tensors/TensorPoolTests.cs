using System.Runtime.CompilerServices;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Tensors;

/// <summary>
/// Buffer pool behaviour. The pool is process-wide, so these tests run in a collection that is
/// never parallel with other tests (no one else rents or returns buffers meanwhile), and each
/// starts from an empty pool.
/// </summary>
[Collection(TensorPoolCollection.Name)]
public unsafe class TensorPoolTests
{
    public TensorPoolTests()
    {
        // Buffers finalized from earlier tests must not be returned in the middle of a test.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        TensorBufferPool.Trim();
    }

    [Fact]
    public void Disposed_buffer_is_reused_for_the_same_size_class()
    {
        var first = Tensor.Zeros(1_234_567);
        var p = (nint)first.Storage.Pointer;
        Assert.Equal(0, p % 64);
        first.Dispose();
        Assert.True(first.IsDisposed);
        using var second = Tensor.Zeros(1_234_560);
        Assert.Equal(p, (nint)second.Storage.Pointer);
        Assert.True(second.ToArray().All(v => v == 0f));
    }

    [Fact]
    public void View_keeps_storage_alive_until_last_reference()
    {
        var t = Tensor.Full(3f, 777_777);
        var p = (nint)t.Storage.Pointer;
        var view = t.Reshape(-1, 7);
        t.Dispose();
        Assert.Equal(3f, view[5, 6]);
        Assert.Equal(1, view.Storage.References);
        view.Dispose();
        Assert.Throws<ObjectDisposedException>(() => view.ToArray());
        using var again = Tensor.Zeros(777_777);
        Assert.Equal(p, (nint)again.Storage.Pointer);
    }

    [Fact]
    public void Undisposed_tensor_returns_its_buffer_through_the_finalizer()
    {
        var p = AllocateAndDrop(2_345_678);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var fresh = TensorBufferPool.FreshAllocations;
        using var again = Tensor.Zeros(2_345_678);
        Assert.Equal(p, (nint)again.Storage.Pointer);
        Assert.Equal(fresh, TensorBufferPool.FreshAllocations);
    }

    [Fact]
    public void Large_fresh_request_first_collects_undisposed_buffers()
    {
        var saved = TensorBufferPool.CollectAfterBytes;
        try
        {
            // 3 MB buffers (above the 1 MiB threshold); a small churn threshold so the second request may collect.
            TensorBufferPool.CollectAfterBytes = 1;
            var p = AllocateAndDrop(777_777);
            var fresh = TensorBufferPool.FreshAllocations;
            using var again = Tensor.Zeros(777_777);
            Assert.Equal(p, (nint)again.Storage.Pointer);
            Assert.Equal(fresh, TensorBufferPool.FreshAllocations);
        }
        finally
        {
            TensorBufferPool.CollectAfterBytes = saved;
        }
    }

    [Theory]
    [InlineData(1L << 30, 2L << 30)] // small machines keep the old floor
    [InlineData(24L << 30, 8L << 30)] // the CI machine: a third
    [InlineData(512L << 30, 32L << 30)] // big hosts: capped
    public void Pool_cap_is_a_third_of_available_memory_within_bounds(long available, long expected)
        => Assert.Equal(expected, TensorBufferPool.DefaultMaxPooledBytes(available));

    [Fact]
    public void Size_classes_have_at_most_25_percent_slack()
    {
        foreach (var n in new long[] { 1, 16, 17, 100, 1000, 4097, 65_535, 1_000_001 })
        {
            var c = TensorBufferPool.SizeClass(n);
            Assert.True(c >= n);
            Assert.True(c <= Math.Max(16, n * 1.25 + 1), $"{n} -> {c}");
            Assert.Equal(c, TensorBufferPool.SizeClass(c));
        }
    }

    [Fact]
    public void Scope_disposes_what_was_created_inside_except_kept_tensors_and_grads()
    {
        using var w = Tensor.Ones(3).RequiresGrad_();
        Tensor inner, kept, loss;
        using (new TensorScope())
        {
            inner = w * 2f;
            kept = TensorScope.Keep(inner + 1f);
            loss = (inner * inner).Sum();
            loss.Backward();
        }

        Assert.True(inner.IsDisposed);
        Assert.True(loss.IsDisposed);
        Assert.False(kept.IsDisposed);
        Assert.False(w.IsDisposed);
        Assert.Equal([8f, 8f, 8f], w.Grad!.ToArray());
        kept.Dispose();
    }

    [Fact]
    public void Nested_scope_keep_moves_to_outer_scope()
    {
        Tensor t;
        using (new TensorScope())
        {
            using (new TensorScope())
            {
                t = TensorScope.Keep(Tensor.Ones(2));
            }

            Assert.False(t.IsDisposed);
        }

        Assert.True(t.IsDisposed);
    }

    [Fact]
    public void NoGrad_and_scope_together_in_evaluation()
    {
        using var x = Tensor.Ones(2, 2).RequiresGrad_();
        using (new NoGrad())
        using (var scope = new TensorScope())
        {
            var y = x.MatMul(x) + 1f;
            Assert.Null(y.GradFn);
            Assert.Equal(3f, y[0, 0]);
            Assert.True(scope.Count >= 2);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static nint AllocateAndDrop(int n)
    {
        var t = Tensor.Zeros(n);
        return (nint)t.Storage.Pointer;
    }
}
