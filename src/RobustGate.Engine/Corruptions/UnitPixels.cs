using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// Conversions between 8-bit pixels and the reference's float arrays. Loading divides by 255 (not a
/// multiplication by 1/255: <c>np.array(x) / 255.</c> is a true division, and bit-exactness needs
/// it); storing clips and truncates like <c>np.uint8(np.clip(x, 0, 1) * 255)</c>.
/// </summary>
internal static class UnitPixels
{
    private static readonly double[] DoubleLevels = CreateDoubleLevels();
    private static readonly float[] FloatLevels = CreateFloatLevels();

    /// <summary>value / 255.0 in float64 for every byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Load(ReadOnlySpan<byte> pixels, Span<double> destination)
    {
        var i = 0;
        if (ByteLanes.IsSupported)
        {
            // v / 255.0 is the table's own expression, correctly rounded either way.
            var divisor = Vector512.Create(255.0);
            for (; i + 8 <= pixels.Length; i += 8)
            {
                (ByteLanes.Load8(pixels, i) / divisor).CopyTo(destination.Slice(i, 8));
            }
        }

        var table = DoubleLevels;
        for (; i < pixels.Length; i++)
        {
            destination[i] = table[pixels[i]];
        }
    }

    /// <summary><c>np.array(x, dtype=np.float32) / 255.</c>: float32 division (numpy keeps float32 for a Python scalar divisor).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Load(ReadOnlySpan<byte> pixels, Span<float> destination)
    {
        var i = 0;
        if (ByteLanes.IsSupported)
        {
            var divisor = Vector256.Create(255f);
            for (; i + 8 <= pixels.Length; i += 8)
            {
                (ByteLanes.Load8Single(pixels, i) / divisor).CopyTo(destination.Slice(i, 8));
            }
        }

        var table = FloatLevels;
        for (; i < pixels.Length; i++)
        {
            destination[i] = table[pixels[i]];
        }
    }

    /// <summary><c>np.uint8(np.clip(v, 0, 1) * 255)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StoreUnit(ReadOnlySpan<double> values, Span<byte> destination)
    {
        var i = 0;
        if (ByteLanes.IsSupported)
        {
            var one = Vector512<double>.One;
            var scale = Vector512.Create(255.0);
            for (; i + 8 <= values.Length; i += 8)
            {
                // A NaN clips to NaN and truncates to int.MinValue, whose low byte is 0 like np.uint8(nan).
                var clipped = Vector512.Min(Vector512.Max(Vector512.Create(values.Slice(i, 8)), Vector512<double>.Zero), one) * scale;
                ByteLanes.Store8(clipped, destination, i);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            var zero = Vector256<double>.Zero;
            var one = Vector256<double>.One;
            var scale = Vector256.Create(255.0);
            for (; i <= values.Length - 4; i += 4)
            {
                var v = Vector256.Create(values.Slice(i, 4));
                // Max/Min with NaN follow the second operand on x86, so NaN ends as 0 like np.uint8(nan).
                var clipped = Vector256.Min(Vector256.Max(v, zero), one) * scale;
                var ints = Vector256.ConvertToInt64(clipped);
                destination[i] = (byte)ints[0];
                destination[i + 1] = (byte)ints[1];
                destination[i + 2] = (byte)ints[2];
                destination[i + 3] = (byte)ints[3];
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (byte)(int)(Math.Clamp(values[i], 0.0, 1.0) * 255.0);
        }
    }

    /// <summary><c>np.uint8(np.clip(v, 0, 1) * 255)</c> for float32 results (the product stays float32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StoreUnit(ReadOnlySpan<float> values, Span<byte> destination)
    {
        var i = 0;
        if (ByteLanes.IsSupported)
        {
            var one = Vector256<float>.One;
            var scale = Vector256.Create(255f);
            for (; i + 8 <= values.Length; i += 8)
            {
                var clipped = Vector256.Min(Vector256.Max(Vector256.Create(values.Slice(i, 8)), Vector256<float>.Zero), one) * scale;
                ByteLanes.Store8(clipped, destination, i);
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (byte)(int)(Math.Clamp(values[i], 0f, 1f) * 255f);
        }
    }

    /// <summary><c>np.uint8(np.clip(v, 0, 255))</c> for results already on the 0..255 scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Store255(ReadOnlySpan<double> values, Span<byte> destination)
    {
        var i = 0;
        if (ByteLanes.IsSupported)
        {
            var max = Vector512.Create(255.0);
            for (; i + 8 <= values.Length; i += 8)
            {
                ByteLanes.Store8(Vector512.Min(Vector512.Max(Vector512.Create(values.Slice(i, 8)), Vector512<double>.Zero), max), destination, i);
            }
        }

        for (; i < values.Length; i++)
        {
            destination[i] = (byte)(int)Math.Clamp(values[i], 0.0, 255.0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] CreateDoubleLevels()
    {
        var t = new double[256];
        for (var v = 0; v < 256; v++)
        {
            t[v] = v / 255.0;
        }

        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] CreateFloatLevels()
    {
        var t = new float[256];
        for (var v = 0; v < 256; v++)
        {
            t[v] = v / 255f;
        }

        return t;
    }
}
