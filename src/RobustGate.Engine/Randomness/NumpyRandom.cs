using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Randomness;

/// <summary>
/// A bit-exact port of numpy's legacy <c>RandomState</c> (MT19937 with the polar Gaussian and its
/// one-value cache), so that a corruption seeded here draws exactly what the reference Python code
/// drew after <c>np.random.seed(seed)</c>. Every distribution consumes 32-bit words in numpy's order;
/// array fills run in C order (last axis fastest). Not thread-safe: one generator per image.
/// </summary>
public sealed partial class NumpyRandom
{
    private const int StateSize = 624;
    private const int ShiftSize = 397;
    private const uint MatrixA = 0x9908B0DF;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7FFFFFFF;

    private readonly uint[] _state = new uint[StateSize];

    // The current block, already tempered: tempering is per word, so doing it for the whole block
    // at once (vectorised) gives the same words and leaves NextUInt32 a load.
    private readonly uint[] _tempered = new uint[StateSize];
    // The block's doubles as random_sample() makes them from word pairs (2j, 2j + 1), filled on
    // demand by the bulk samplers: a uniform is then one load instead of two loads, two shifts,
    // two conversions and a division.
    private readonly double[] _pairDoubles = new double[StateSize / 2];
    private bool _pairDoublesReady;
    private int _position;
    private bool _hasGauss;
    private double _gaussCache;
    private long _wordsConsumed;

    /// <summary>Seeds as <c>np.random.seed(seed)</c> does for an integer seed in [0, 2^32).</summary>
    public NumpyRandom(uint seed)
    {
        Seed(seed);
    }

    /// <summary>32-bit words produced since the last seeding (numpy's state position, unrolled).</summary>
    public long WordsConsumed => _wordsConsumed;

    /// <summary>Whether a second polar-method Gaussian is waiting in the cache (numpy's <c>has_gauss</c>).</summary>
    public bool HasCachedGaussian => _hasGauss;

    /// <summary><c>np.random.seed(int)</c>: MT19937 <c>init_genrand</c>; the Gaussian cache is cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Seed(uint seed)
    {
        var mt = _state;
        mt[0] = seed;
        for (var i = 1; i < StateSize; i++)
        {
            var prev = mt[i - 1];
            mt[i] = unchecked((1812433253u * (prev ^ (prev >> 30))) + (uint)i);
        }

        ResetPosition();
    }

    /// <summary>
    /// <c>np.random.seed(array)</c>: MT19937 <c>init_by_array</c>, used by numpy for seeds given as
    /// a sequence of 32-bit words (and hence the only way to use more than 32 bits of seed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Seed(ReadOnlySpan<uint> key)
    {
        if (key.IsEmpty)
        {
            throw new ArgumentException("A seed array needs at least one element.", nameof(key));
        }

        Seed(19650218u);
        var mt = _state;
        int i = 1, j = 0;
        for (var k = Math.Max(StateSize, key.Length); k > 0; k--)
        {
            mt[i] = unchecked((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525u)) + key[j] + (uint)j);
            i++;
            j++;
            if (i >= StateSize)
            {
                mt[0] = mt[StateSize - 1];
                i = 1;
            }

            if (j >= key.Length)
            {
                j = 0;
            }
        }

        for (var k = StateSize - 1; k > 0; k--)
        {
            mt[i] = unchecked((mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941u)) - (uint)i);
            i++;
            if (i >= StateSize)
            {
                mt[0] = mt[StateSize - 1];
                i = 1;
            }
        }

        mt[0] = 0x80000000u;
        ResetPosition();
    }

    /// <summary>The next tempered MT19937 output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if (_position >= StateSize)
        {
            Twist();
        }

        _wordsConsumed++;
        return _tempered[_position++];
    }

    /// <summary><c>random_sample()</c>: a 53-bit double in [0, 1) from two words (the first gives the high 27 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return ((a * 67108864.0) + b) / 9007199254740992.0;
    }

    /// <summary><c>standard_normal()</c>: Marsaglia's polar method; the second value of each pair is cached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double StandardNormal()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            var cached = _gaussCache;
            _gaussCache = 0.0;
            return cached;
        }

        double x1, x2, r2;
        do
        {
            x1 = (2.0 * NextDouble()) - 1.0;
            x2 = (2.0 * NextDouble()) - 1.0;
            r2 = (x1 * x1) + (x2 * x2);
        }
        while (r2 >= 1.0 || r2 == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gaussCache = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary><c>normal(loc, scale)</c> = loc + scale * standard_normal(), in that float order.</summary>
    public double Normal(double loc, double scale) => loc + (scale * StandardNormal());

    /// <summary><c>uniform(low, high)</c> = low + (high - low) * random_sample().</summary>
    public double Uniform(double low, double high) => low + ((high - low) * NextDouble());

    /// <summary>
    /// <c>randint(low, high)</c> (high exclusive) with numpy's legacy masked rejection: draw words,
    /// keep the bits under the smallest all-ones mask covering the range, retry while too large.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long RandInt(long low, long high)
    {
        if (high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"randint needs high > low (low = {low}).");
        }

        var range = (ulong)(high - 1 - low);
        if (range == 0)
        {
            return low;
        }

        if (range > uint.MaxValue)
        {
            return low + (long)RandUInt64Masked(range);
        }

        var r32 = (uint)range;
        if (r32 == uint.MaxValue)
        {
            return low + NextUInt32();
        }

        var mask = MaskFor(r32);
        uint v;
        do
        {
            v = NextUInt32() & mask;
        }
        while (v > r32);
        return low + v;
    }

    /// <summary><c>randint(high)</c> = randint(0, high).</summary>
    public long RandInt(long high) => RandInt(0, high);

    /// <summary>
    /// One element of <c>choice([True, False], p=[p, 1 - p])</c>: one double u, true when u is below
    /// the normalised first cumulative probability p / (p + (1 - p)).
    /// </summary>
    public bool ChooseTrue(double p)
    {
        var threshold = p / (p + (1.0 - p));
        return NextDouble() < threshold;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint MaskFor(uint range)
    {
        var mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ulong RandUInt64Masked(ulong range)
    {
        var mask = range;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong v;
        do
        {
            // numpy's next_uint64 for MT19937 is (high word << 32) | low word, high drawn first.
            var hi = (ulong)NextUInt32();
            var lo = (ulong)NextUInt32();
            v = ((hi << 32) | lo) & mask;
        }
        while (v > range);
        return v;
    }

    private void ResetPosition()
    {
        _position = StateSize;
        _hasGauss = false;
        _gaussCache = 0.0;
        _wordsConsumed = 0;
    }

    /// <summary>
    /// Regenerates the 624-word block (MT19937's recurrence) and tempers it. Vectorised in runs of 16
    /// (8 without AVX-512): words 0..226 read only old words (i + 1 and i + 397), words 227..622 read
    /// old i + 1 and the already-regenerated i − 227, so each run reads nothing it writes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Twist()
    {
        var mt = _state;
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var upper = Vector512.Create(UpperMask);
            var lower = Vector512.Create(LowerMask);
            var matrix = Vector512.Create(MatrixA);
            var one = Vector512<uint>.One;
            for (; i + 16 <= StateSize - ShiftSize; i += 16)
            {
                var y = (Vector512.Create(mt.AsSpan(i, 16)) & upper) | (Vector512.Create(mt.AsSpan(i + 1, 16)) & lower);
                var mag = Vector512.Equals(y & one, one) & matrix;
                (Vector512.Create(mt.AsSpan(i + ShiftSize, 16)) ^ (y >> 1) ^ mag).CopyTo(mt.AsSpan(i, 16));
            }

            for (; i < StateSize - ShiftSize; i++)
            {
                mt[i] = Next(mt[i], mt[i + 1], mt[i + ShiftSize]);
            }

            for (; i + 16 <= StateSize - 1; i += 16)
            {
                var y = (Vector512.Create(mt.AsSpan(i, 16)) & upper) | (Vector512.Create(mt.AsSpan(i + 1, 16)) & lower);
                var mag = Vector512.Equals(y & one, one) & matrix;
                (Vector512.Create(mt.AsSpan(i + ShiftSize - StateSize, 16)) ^ (y >> 1) ^ mag).CopyTo(mt.AsSpan(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var upper = Vector256.Create(UpperMask);
            var lower = Vector256.Create(LowerMask);
            var matrix = Vector256.Create(MatrixA);
            var one = Vector256<uint>.One;
            for (; i + 8 <= StateSize - ShiftSize; i += 8)
            {
                var y = (Vector256.Create(mt.AsSpan(i, 8)) & upper) | (Vector256.Create(mt.AsSpan(i + 1, 8)) & lower);
                var mag = Vector256.Equals(y & one, one) & matrix;
                (Vector256.Create(mt.AsSpan(i + ShiftSize, 8)) ^ (y >> 1) ^ mag).CopyTo(mt.AsSpan(i, 8));
            }

            for (; i < StateSize - ShiftSize; i++)
            {
                mt[i] = Next(mt[i], mt[i + 1], mt[i + ShiftSize]);
            }

            for (; i + 8 <= StateSize - 1; i += 8)
            {
                var y = (Vector256.Create(mt.AsSpan(i, 8)) & upper) | (Vector256.Create(mt.AsSpan(i + 1, 8)) & lower);
                var mag = Vector256.Equals(y & one, one) & matrix;
                (Vector256.Create(mt.AsSpan(i + ShiftSize - StateSize, 8)) ^ (y >> 1) ^ mag).CopyTo(mt.AsSpan(i, 8));
            }
        }

        for (; i < StateSize - ShiftSize; i++)
        {
            mt[i] = Next(mt[i], mt[i + 1], mt[i + ShiftSize]);
        }

        for (; i < StateSize - 1; i++)
        {
            mt[i] = Next(mt[i], mt[i + 1], mt[i + ShiftSize - StateSize]);
        }

        mt[StateSize - 1] = Next(mt[StateSize - 1], mt[0], mt[ShiftSize - 1]);
        Temper(mt, _tempered);
        _pairDoublesReady = false;
        _position = 0;
    }

    /// <summary>
    /// Fills <see cref="_pairDoubles"/> from the current tempered block: a = word 2j >> 5 (27 bits),
    /// b = word 2j+1 >> 6 (26 bits), value (a·2^26 + b)·2^-53 — the integer is below 2^53, so its
    /// conversion and the power-of-two scaling are exact, and equal to NextDouble's arithmetic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillPairDoubles()
    {
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<uint, ulong>(_tempered.AsSpan());
        var doubles = _pairDoubles.AsSpan();
        const double Scale = 1.0 / 9007199254740992.0;
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var low = Vector512.Create(0xFFFFFFFFul);
            var scale = Vector512.Create(Scale);
            for (; j + 8 <= doubles.Length; j += 8)
            {
                var pair = Vector512.Create(words.Slice(j, 8));
                var mantissa = (((pair & low) >> 5) << 26) | (pair >> 38);
                (Vector512.ConvertToDouble(mantissa.AsInt64()) * scale).CopyTo(doubles.Slice(j, 8));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256.Create(0xFFFFFFFFul);
            var scale = Vector256.Create(Scale);
            for (; j + 4 <= doubles.Length; j += 4)
            {
                var pair = Vector256.Create(words.Slice(j, 4));
                var mantissa = (((pair & low) >> 5) << 26) | (pair >> 38);
                (Vector256.ConvertToDouble(mantissa) * scale).CopyTo(doubles.Slice(j, 4));
            }
        }

        for (; j < doubles.Length; j++)
        {
            var pair = words[j];
            var mantissa = (((pair & 0xFFFFFFFFul) >> 5) << 26) | (pair >> 38);
            doubles[j] = mantissa * Scale;
        }

        _pairDoublesReady = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Next(uint current, uint following, uint shifted)
    {
        var y = (current & UpperMask) | (following & LowerMask);
        return shifted ^ (y >> 1) ^ ((y & 1u) * MatrixA);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Temper(uint[] source, uint[] destination)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var b = Vector512.Create(0x9D2C5680u);
            var c = Vector512.Create(0xEFC60000u);
            for (; i + 16 <= StateSize; i += 16)
            {
                var y = Vector512.Create(source.AsSpan(i, 16));
                y ^= y >> 11;
                y ^= (y << 7) & b;
                y ^= (y << 15) & c;
                y ^= y >> 18;
                y.CopyTo(destination.AsSpan(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var b = Vector256.Create(0x9D2C5680u);
            var c = Vector256.Create(0xEFC60000u);
            for (; i + 8 <= StateSize; i += 8)
            {
                var y = Vector256.Create(source.AsSpan(i, 8));
                y ^= y >> 11;
                y ^= (y << 7) & b;
                y ^= (y << 15) & c;
                y ^= y >> 18;
                y.CopyTo(destination.AsSpan(i, 8));
            }
        }

        for (; i < StateSize; i++)
        {
            var y = source[i];
            y ^= y >> 11;
            y ^= (y << 7) & 0x9D2C5680u;
            y ^= (y << 15) & 0xEFC60000u;
            y ^= y >> 18;
            destination[i] = y;
        }
    }
}
