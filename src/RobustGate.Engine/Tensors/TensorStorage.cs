namespace RobustGate.Engine.Tensors;

/// <summary>
/// A reference-counted pooled buffer shared by a tensor and its views (Reshape, View, Detach ...).
/// Each tensor holding it counts once; when the last one is disposed the buffer goes back to
/// <see cref="TensorBufferPool"/>. The finalizer is the fallback for tensors nobody disposed.
/// </summary>
public sealed unsafe class TensorStorage
{
    private float* pointer;
    private readonly long capacity;
    private int references;

    internal TensorStorage(long length, bool zero)
    {
        Length = length;
        pointer = TensorBufferPool.Rent(length, out capacity);
        references = 1;
        if (zero)
        {
            new Span<float>(pointer, checked((int)length)).Clear();
        }
    }

    ~TensorStorage()
    {
        var p = pointer;
        if (p != null)
        {
            pointer = null;
            TensorBufferPool.Return(p, capacity);
        }
    }

    /// <summary>Number of floats in use (the capacity may be larger).</summary>
    public long Length { get; }

    /// <summary>How many live tensors share this buffer.</summary>
    public int References => Volatile.Read(ref references);

    internal bool IsReleased => pointer == null;

    internal float* Pointer
    {
        get
        {
            var p = pointer;
            ObjectDisposedException.ThrowIf(p == null, this);
            return p;
        }
    }

    internal Span<float> Span => new(Pointer, (int)Length);

    internal void AddReference()
    {
        if (Interlocked.Increment(ref references) <= 1)
        {
            throw new ObjectDisposedException(nameof(TensorStorage), "The tensor's storage was already released.");
        }
    }

    internal void RemoveReference()
    {
        if (Interlocked.Decrement(ref references) == 0)
        {
            var p = pointer;
            pointer = null;
            if (p != null)
            {
                TensorBufferPool.Return(p, capacity);
            }

            GC.SuppressFinalize(this);
        }
    }
}
