using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Sums whose rounding depends only on the values and their positions. TensorPrimitives.Sum aligns its main
/// loop to the data's address, so the same values at a different address can round differently; training and
/// gradients need the same bits every run, so reductions use this instead.
/// </summary>
public static class FixedOrderSum
{
    /// <summary>
    /// Sum of <paramref name="values"/>: four 16-lane float accumulators over consecutive 64-element strips
    /// (by index), the lanes then added in double in a fixed order, then the tail in double.
    /// </summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        ref var start = ref MemoryMarshal.GetReference(values);
        nuint length = (nuint)values.Length, i = 0;
        double total = 0;
        if (length >= 64)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (; i + 64 <= length; i += 64)
            {
                a0 += Vector512.LoadUnsafe(ref start, i);
                a1 += Vector512.LoadUnsafe(ref start, i + 16);
                a2 += Vector512.LoadUnsafe(ref start, i + 32);
                a3 += Vector512.LoadUnsafe(ref start, i + 48);
            }

            var lanes = (a0 + a1) + (a2 + a3);
            for (var lane = 0; lane < Vector512<float>.Count; lane++)
            {
                total += lanes[lane];
            }
        }

        for (; i < length; i++)
        {
            total += values[(int)i];
        }

        return total;
    }
}
