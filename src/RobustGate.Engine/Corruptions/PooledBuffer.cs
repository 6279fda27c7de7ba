using System.Buffers;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// A rented array sliced to the requested length and returned on dispose: corruptions run once per
/// image in tight loops, and fresh memory is slow to touch, so working arrays are recycled.
/// </summary>
internal readonly struct PooledBuffer<T> : IDisposable
{
    private readonly T[] _array;

    public PooledBuffer(int length)
    {
        _array = ArrayPool<T>.Shared.Rent(length);
        Length = length;
    }

    public int Length { get; }

    public T[] Array => _array;

    public Span<T> Span => _array.AsSpan(0, Length);

    public void Dispose() => ArrayPool<T>.Shared.Return(_array);
}
