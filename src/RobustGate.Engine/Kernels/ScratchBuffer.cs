namespace RobustGate.Engine.Kernels;

/// <summary>
/// A lease on a 64-byte-aligned buffer from <see cref="ScratchPool"/>. Dispose exactly once to return it;
/// the pointer must not be used afterwards.
/// </summary>
public sealed unsafe class ScratchBuffer : IDisposable
{
    private float* pointer;

    internal ScratchBuffer(float* pointer, long capacity, long length)
    {
        this.pointer = pointer;
        Capacity = capacity;
        Length = length;
    }

    /// <summary>The requested length in floats.</summary>
    public long Length { get; }

    /// <summary>The usable length in floats (at least <see cref="Length"/>).</summary>
    public long Capacity { get; }

    public float* Pointer => pointer != null ? pointer : throw new ObjectDisposedException(nameof(ScratchBuffer));

    /// <summary>The first <see cref="Length"/> floats as a span (lengths above int.MaxValue need <see cref="Pointer"/>).</summary>
    public Span<float> Span => new(Pointer, checked((int)Length));

    public void Dispose()
    {
        var p = pointer;
        if (p == null)
        {
            return;
        }

        pointer = null;
        ScratchPool.Return(p, Capacity);
    }
}
