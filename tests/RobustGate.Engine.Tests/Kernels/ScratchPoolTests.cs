using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class ScratchPoolTests
{
    [Fact]
    public unsafe void Rent_Returns64ByteAlignedBuffersOfAtLeastTheRequestedLength()
    {
        foreach (var length in new long[] { 0, 1, 17, 1000, 1025, 100_000 })
        {
            using var buffer = ScratchPool.Rent(length);
            Assert.Equal(0, (long)buffer.Pointer % ScratchPool.Alignment);
            Assert.Equal(length, buffer.Length);
            Assert.True(buffer.Capacity >= length);
            buffer.Span.Fill(1f);
        }
    }

    [Fact]
    public unsafe void Return_MakesTheBufferAvailableAgain()
    {
        // A size no other test uses. Best fit may first hand out other free buffers that fit as well or better
        // (equal capacities are common: parallel convolution streams return same-sized buffers), so keep renting,
        // holding every lease, until the returned buffer comes back; the pool holds far fewer than 256 buffers.
        const long length = 987_654;
        nint first;
        using (var buffer = ScratchPool.Rent(length))
        {
            first = (nint)buffer.Pointer;
        }

        var leases = new List<ScratchBuffer>();
        try
        {
            var reused = false;
            while (!reused && leases.Count < 256)
            {
                leases.Add(ScratchPool.Rent(length));
                reused = (nint)leases[^1].Pointer == first;
            }

            Assert.True(reused, "The returned buffer was never handed out again.");
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease.Dispose();
            }
        }
    }

    [Fact]
    public unsafe void ConcurrentRenters_GetDistinctBuffers()
    {
        var pointers = new nint[64];
        var leases = new ScratchBuffer[64];
        Parallel.For(0, pointers.Length, i =>
        {
            leases[i] = ScratchPool.Rent(4096 + i);
            leases[i].Span.Fill(i);
            pointers[i] = (nint)leases[i].Pointer;
        });

        Assert.Equal(pointers.Length, pointers.Distinct().Count());
        for (var i = 0; i < leases.Length; i++)
        {
            Assert.All(leases[i].Span.ToArray(), v => Assert.Equal(i, v));
            leases[i].Dispose();
        }
    }

    [Fact]
    public void DisposedLease_RefusesAccess_AndDoubleDisposeIsHarmless()
    {
        var buffer = ScratchPool.Rent(10);
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
    }
}
