using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The one SIMD loop every element-wise operator runs through: Vector512 while 16 elements remain (when the
/// hardware accelerates it), then Vector256, then scalar. Each element is computed independently of its
/// neighbours and of the vector width used for it, up to the operator's documented bound. The destination may
/// be the same span as an input (in place) but must not partially overlap one.
/// </summary>
public static class ElementwiseKernels
{
    /// <summary>y[i] = op(x[i]).</summary>
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> y, TOp op = default)
        where TOp : struct, IUnaryOperator
    {
        CheckDestination(x, y, nameof(y));
        ref var src = ref MemoryMarshal.GetReference(x);
        ref var dst = ref MemoryMarshal.GetReference(y);
        nuint length = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= length; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref dst, i) = op.Invoke(Unsafe.Add(ref src, i));
        }
    }

    /// <summary>dst[i] = op(x[i], y[i]).</summary>
    public static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst, TOp op = default)
        where TOp : struct, IBinaryOperator
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"Element-wise operands differ in length: {x.Length} and {y.Length}.", nameof(y));
        }

        CheckDestination(x, dst, nameof(dst));
        CheckDestination(y, dst, nameof(dst));
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        ref var ds = ref MemoryMarshal.GetReference(dst);
        nuint length = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, i), Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= length; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, i), Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref ds, i) = op.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i));
        }
    }

    /// <summary>dst[i] = op(x[i], y): the second operand broadcast.</summary>
    public static void BinaryScalar<TOp>(ReadOnlySpan<float> x, float y, Span<float> dst, TOp op = default)
        where TOp : struct, IBinaryOperator
    {
        CheckDestination(x, dst, nameof(dst));
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ds = ref MemoryMarshal.GetReference(dst);
        nuint length = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var yv = Vector512.Create(y);
            for (; i + 16 <= length; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, i), yv).StoreUnsafe(ref ds, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var yv = Vector256.Create(y);
            for (; i + 8 <= length; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, i), yv).StoreUnsafe(ref ds, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref ds, i) = op.Invoke(Unsafe.Add(ref xs, i), y);
        }
    }

    /// <summary>dst[i] = op(x, y[i]): the first operand broadcast.</summary>
    public static void ScalarBinary<TOp>(float x, ReadOnlySpan<float> y, Span<float> dst, TOp op = default)
        where TOp : struct, IBinaryOperator
    {
        CheckDestination(y, dst, nameof(dst));
        ref var ys = ref MemoryMarshal.GetReference(y);
        ref var ds = ref MemoryMarshal.GetReference(dst);
        nuint length = (nuint)y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var xv = Vector512.Create(x);
            for (; i + 16 <= length; i += 16)
            {
                op.Invoke(xv, Vector512.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var xv = Vector256.Create(x);
            for (; i + 8 <= length; i += 8)
            {
                op.Invoke(xv, Vector256.LoadUnsafe(ref ys, i)).StoreUnsafe(ref ds, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref ds, i) = op.Invoke(x, Unsafe.Add(ref ys, i));
        }
    }

    /// <summary>dst[i] = op(x[i], y[i], z[i]).</summary>
    public static void Ternary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> dst, TOp op = default)
        where TOp : struct, ITernaryOperator
    {
        if (x.Length != y.Length || x.Length != z.Length)
        {
            throw new ArgumentException($"Element-wise operands differ in length: {x.Length}, {y.Length} and {z.Length}.", nameof(z));
        }

        CheckDestination(x, dst, nameof(dst));
        CheckDestination(y, dst, nameof(dst));
        CheckDestination(z, dst, nameof(dst));
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        ref var zs = ref MemoryMarshal.GetReference(z);
        ref var ds = ref MemoryMarshal.GetReference(dst);
        nuint length = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= length; i += 16)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, i), Vector512.LoadUnsafe(ref ys, i), Vector512.LoadUnsafe(ref zs, i)).StoreUnsafe(ref ds, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= length; i += 8)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, i), Vector256.LoadUnsafe(ref ys, i), Vector256.LoadUnsafe(ref zs, i)).StoreUnsafe(ref ds, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref ds, i) = op.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i), Unsafe.Add(ref zs, i));
        }
    }

    private static void CheckDestination(ReadOnlySpan<float> source, ReadOnlySpan<float> destination, string name)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"Element-wise destination holds {destination.Length} elements, {source.Length} needed.", name);
        }

        // Elements are read and written front to back, so only exact aliasing is safe.
        if (source.Overlaps(destination, out var offset) && offset != 0)
        {
            throw new ArgumentException("Element-wise destination partially overlaps an input.", name);
        }
    }
}
