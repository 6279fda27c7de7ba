using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// The per-value noise loops shared by the benchmark noises and the ANT noise families. Each keeps
/// the reference's float order (e.g. x + (0 + c·g), not x + c·g with a fused multiply-add) and draws
/// in C order, one value per channel.
/// </summary>
internal static class NoiseKernels
{
    private static readonly double[] Levels = CreateLevels();

    /// <summary>clip(x + c·g) or, multiplicative, clip(x + x·(c·g)), g standard normal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image AddGaussian(Image rgb, double scale, bool multiplicative, NumpyRandom rng)
    {
        var src = rgb.Pixels;
        var output = ImagePool.Rent(rgb.Width, rgb.Height, rgb.Channels);
        var dst = output.Pixels;
        var levels = Levels;
        using var noiseBuffer = new PooledBuffer<double>(src.Length);
        var noise = noiseBuffer.Span;
        rng.FillNormal(noise, 0.0, scale);
        var i = 0;
        if (Avx512F.IsSupported)
        {
            i = AddGaussianAvx512(src, noise, multiplicative, dst);
        }

        for (; i < src.Length; i++)
        {
            var x = levels[src[i]];
            var v = multiplicative ? x + (x * noise[i]) : x + noise[i];
            dst[i] = ToByte(v);
        }

        return output;
    }

    /// <summary>
    /// The body of <see cref="AddGaussian"/> sixteen values at a time, with the scalar loop's IEEE
    /// operations in the same order: level / 255 (the table holds exactly that quotient), the sum
    /// (and product, unfused), the clamp, ×255 and truncation. Returns how many values it did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int AddGaussianAvx512(ReadOnlySpan<byte> src, ReadOnlySpan<double> noise, bool multiplicative, Span<byte> dst)
    {
        var divisor = Vector512.Create(255.0);
        var zero = Vector512<double>.Zero;
        var one = Vector512.Create(1.0);
        var i = 0;
        for (; i + 16 <= src.Length; i += 16)
        {
            var wide = Avx512F.ConvertToVector512Int32(Vector128.Create(src.Slice(i, 16)));
            var low = Noisy(Avx512F.ConvertToVector512Double(wide.GetLower()), Vector512.Create(noise.Slice(i, 8)));
            var high = Noisy(Avx512F.ConvertToVector512Double(wide.GetUpper()), Vector512.Create(noise.Slice(i + 8, 8)));
            var bytes = Avx512F.ConvertToVector128Byte(Vector512.Create(
                Avx512F.ConvertToVector256Int32WithTruncation(low),
                Avx512F.ConvertToVector256Int32WithTruncation(high)));
            bytes.CopyTo(dst.Slice(i, 16));
        }

        return i;

        Vector512<double> Noisy(Vector512<double> levels, Vector512<double> n)
        {
            var x = levels / divisor;
            var v = multiplicative ? x + (x * n) : x + n;
            return Vector512.Min(Vector512.Max(v, zero), one) * divisor;
        }
    }

    /// <summary>
    /// scikit-image ≤ 0.18 <c>random_noise(mode='s&amp;p')</c>: a flipped mask over all values, then a
    /// salted mask over all values (two full passes, in that order), flipped∧salted → 1, flipped∧¬salted → 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image SaltAndPepper(Image rgb, double amount, double saltVsPepper, NumpyRandom rng)
    {
        var src = rgb.Pixels;
        var output = ImagePool.Rent(rgb.Width, rgb.Height, rgb.Channels);
        var dst = output.Pixels;
        var flippedThreshold = amount / (amount + (1.0 - amount));
        var saltedThreshold = saltVsPepper / (saltVsPepper + (1.0 - saltVsPepper));
        var levels = Levels;

        // All "flipped" draws come first, then all "salted" draws, as numpy makes the two masks.
        using var drawBuffer = new PooledBuffer<double>(src.Length);
        var draws = drawBuffer.Span;
        rng.FillDouble(draws);

        // The first pass stores "flipped" in the output as a marker; 2 cannot be a final value.
        var i = Avx512F.IsSupported ? MarkFlippedAvx512(draws, flippedThreshold, dst) : 0;
        for (; i < src.Length; i++)
        {
            dst[i] = draws[i] < flippedThreshold ? (byte)2 : (byte)0;
        }

        rng.FillDouble(draws);
        i = Avx512F.IsSupported ? SaltOrPepperAvx512(src, draws, saltedThreshold, dst) : 0;
        for (; i < src.Length; i++)
        {
            var salted = draws[i] < saltedThreshold;
            dst[i] = dst[i] == 2 ? (salted ? (byte)255 : (byte)0) : ToByte(levels[src[i]]);
        }

        return output;
    }

    /// <summary>The first pass of <see cref="SaltAndPepper"/> sixteen values at a time; returns how many it did.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MarkFlippedAvx512(ReadOnlySpan<double> draws, double threshold, Span<byte> dst)
    {
        var limit = Vector512.Create(threshold);
        var marker = Vector512.Create(2);
        var i = 0;
        for (; i + 16 <= dst.Length; i += 16)
        {
            var flipped = Below(draws.Slice(i, 16), limit);
            Avx512F.ConvertToVector128Byte(flipped & marker).CopyTo(dst.Slice(i, 16));
        }

        return i;
    }

    /// <summary>
    /// The second pass of <see cref="SaltAndPepper"/> sixteen values at a time: flipped values
    /// become 255 or 0 by the salted draw, the others clip(level / 255) × 255 truncated, the scalar
    /// loop's operations in order. Returns how many it did.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int SaltOrPepperAvx512(ReadOnlySpan<byte> src, ReadOnlySpan<double> draws, double threshold, Span<byte> dst)
    {
        var limit = Vector512.Create(threshold);
        var marker = Vector512.Create(2);
        var white = Vector512.Create(255);
        var divisor = Vector512.Create(255.0);
        var zero = Vector512<double>.Zero;
        var one = Vector512.Create(1.0);
        var i = 0;
        for (; i + 16 <= src.Length; i += 16)
        {
            var levels = Avx512F.ConvertToVector512Int32(Vector128.Create(src.Slice(i, 16)));
            var low = Vector512.Min(Vector512.Max(Avx512F.ConvertToVector512Double(levels.GetLower()) / divisor, zero), one) * divisor;
            var high = Vector512.Min(Vector512.Max(Avx512F.ConvertToVector512Double(levels.GetUpper()) / divisor, zero), one) * divisor;
            var clean = Vector512.Create(
                Avx512F.ConvertToVector256Int32WithTruncation(low),
                Avx512F.ConvertToVector256Int32WithTruncation(high));
            var flipped = Vector512.Equals(Avx512F.ConvertToVector512Int32(Vector128.Create(dst.Slice(i, 16))), marker);
            var noisy = Below(draws.Slice(i, 16), limit) & white;
            Avx512F.ConvertToVector128Byte(Vector512.ConditionalSelect(flipped, noisy, clean)).CopyTo(dst.Slice(i, 16));
        }

        return i;
    }

    /// <summary>All-ones int lanes where draws[k] &lt; limit, for sixteen draws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Below(ReadOnlySpan<double> draws, Vector512<double> limit) =>
        Vector512.Create(
            Avx512F.ConvertToVector256Int32(Vector512.LessThan(Vector512.Create(draws[..8]), limit).AsUInt64()),
            Avx512F.ConvertToVector256Int32(Vector512.LessThan(Vector512.Create(draws.Slice(8, 8)), limit).AsUInt64())).AsInt32();

    /// <summary>np.uint8(np.clip(v, 0, 1) * 255).</summary>
    public static byte ToByte(double v) => (byte)(int)(Math.Clamp(v, 0.0, 1.0) * 255.0);

    /// <summary>value / 255.0 for every byte value.</summary>
    public static ReadOnlySpan<double> UnitLevels => Levels;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] CreateLevels()
    {
        var t = new double[256];
        for (var v = 0; v < 256; v++)
        {
            t[v] = v / 255.0;
        }

        return t;
    }
}
