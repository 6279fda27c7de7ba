using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Randomness;

/// <summary>numpy's legacy Poisson sampler and the C-order array fills the corruptions use.</summary>
public sealed partial class NumpyRandom
{
    private static readonly double[] LogGammaSeries =
    [
        8.333333333333333e-02, -2.777777777777778e-03,
        7.936507936507937e-04, -5.952380952380952e-04,
        8.417508417508418e-04, -1.917526917526918e-03,
        6.410256410256410e-03, -2.955065359477124e-02,
        1.796443723688307e-01, -1.39243221690590e+00,
    ];

    /// <summary>
    /// <c>poisson(lam)</c> as legacy numpy draws it: 0 without drawing for lam = 0, the multiplication
    /// method below 10, Hörmann's PTRS transformed rejection from 10 up.
    /// </summary>
    public long Poisson(double lam)
    {
        if (lam >= 10.0)
        {
            return PoissonPtrs(new PoissonPtrsConstants(lam));
        }

        if (lam == 0.0)
        {
            return 0;
        }

        if (!(lam > 0.0))
        {
            throw new ArgumentOutOfRangeException(nameof(lam), lam, "poisson needs lam >= 0.");
        }

        return PoissonMultiplication(Math.Exp(-lam));
    }

    /// <summary>numpy's <c>random_loggam</c>: Stirling series with downward recursion below 7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double LogGamma(double x)
    {
        if (x == 1.0 || x == 2.0)
        {
            return 0.0;
        }

        var n = x < 7.0 ? (int)(7 - x) : 0;
        var x0 = x + n;
        var x2 = (1.0 / x0) * (1.0 / x0);
        var gl0 = LogGammaSeries[9];
        for (var k = 8; k >= 0; k--)
        {
            gl0 *= x2;
            gl0 += LogGammaSeries[k];
        }

        var gl = (gl0 / x0) + (0.5 * 1.8378770664093453) + ((x0 - 0.5) * Math.Log(x0)) - x0;
        if (x < 7.0)
        {
            for (var k = 1; k <= n; k++)
            {
                gl -= Math.Log(x0 - 1.0);
                x0 -= 1.0;
            }
        }

        return gl;
    }

    /// <summary>Multiplication method with e^-lam precomputed by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal long PoissonMultiplication(double expMinusLam)
    {
        long count = 0;
        var product = 1.0;
        // The words come straight from the tempered block while a whole pair is left in it (the
        // same two words, in the same order, as NextDouble); the block's last word goes through
        // NextDouble, which regenerates the block between the pair's two words as numpy does.
        var tempered = _tempered;
        var position = _position;
        long taken = 0;
        while (true)
        {
            double uniform;
            if ((uint)position < StateSize - 1)
            {
                var a = tempered[position] >> 5;
                var b = tempered[position + 1] >> 6;
                position += 2;
                taken += 2;
                uniform = ((a * 67108864.0) + b) / 9007199254740992.0;
            }
            else
            {
                _position = position;
                _wordsConsumed += taken;
                taken = 0;
                uniform = NextDouble();
                position = _position;
            }

            product *= uniform;
            if (product > expMinusLam)
            {
                count++;
            }
            else
            {
                _position = position;
                _wordsConsumed += taken;
                return count;
            }
        }
    }

    /// <summary>
    /// <c>poisson(lam[level])</c> for every level in order, as one call per pixel of
    /// <see cref="Poisson"/> would draw them (shot noise: the image's 256 levels map to 256
    /// lambdas, whose constants the caller computed once). Below λ = 10 the multiplication method
    /// reads whole-pair uniforms from the block's precomputed doubles; PTRS and pairs that cross a
    /// block boundary go through <see cref="NextDouble"/>, so the words consumed are numpy's.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void PoissonByLevel(
        ReadOnlySpan<byte> levels,
        ReadOnlySpan<double> lambda,
        ReadOnlySpan<double> expMinusLambda,
        ReadOnlySpan<PoissonPtrsConstants> ptrs,
        Span<int> counts)
    {
        if (counts.Length < levels.Length || lambda.Length < 256 || expMinusLambda.Length < 256 || ptrs.Length < 256)
        {
            throw new ArgumentException("PoissonByLevel needs 256 entries per table and a count per level.");
        }

        var doubles = _pairDoubles;
        var position = _position;
        long taken = 0;
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            var lam = lambda[level];
            if (lam >= 10.0)
            {
                _position = position;
                _wordsConsumed += taken;
                taken = 0;
                counts[i] = checked((int)PoissonPtrs(in ptrs[level]));
                position = _position;
                continue;
            }

            if (lam == 0.0)
            {
                counts[i] = 0;
                continue;
            }

            var limit = expMinusLambda[level];
            var count = 0;
            var product = 1.0;
            while (true)
            {
                // Eight uniforms at a time while eight whole pairs are left in the block: the running
                // product is formed in the same sequential order as one uniform at a time, and as
                // products of uniforms in [0, 1) never grow, the first product at or below the
                // limit ends the draw after as many uniforms as the one-at-a-time loop reads — one
                // unpredictable branch per eight uniforms instead of one per uniform.
                if ((position & 1) == 0 && (uint)position <= StateSize - 16)
                {
                    if (!_pairDoublesReady)
                    {
                        FillPairDoubles();
                    }

                    var run = doubles.AsSpan(position >> 1, 8);
                    var p1 = product * run[0];
                    var p2 = p1 * run[1];
                    var p3 = p2 * run[2];
                    var p4 = p3 * run[3];
                    var p5 = p4 * run[4];
                    var p6 = p5 * run[5];
                    var p7 = p6 * run[6];
                    var p8 = p7 * run[7];
                    if (p8 > limit)
                    {
                        product = p8;
                        count += 8;
                        position += 16;
                        taken += 16;
                        continue;
                    }

                    var above = (p1 > limit ? 1 : 0) + (p2 > limit ? 1 : 0) + (p3 > limit ? 1 : 0) + (p4 > limit ? 1 : 0)
                        + (p5 > limit ? 1 : 0) + (p6 > limit ? 1 : 0) + (p7 > limit ? 1 : 0);
                    count += above;
                    position += 2 * (above + 1);
                    taken += 2 * (above + 1);
                    break;
                }

                double uniform;
                if ((position & 1) == 0 && (uint)position < StateSize)
                {
                    if (!_pairDoublesReady)
                    {
                        FillPairDoubles();
                    }

                    uniform = doubles[position >> 1];
                    position += 2;
                    taken += 2;
                }
                else
                {
                    // An odd position (a single word was drawn earlier) or the block's end.
                    _position = position;
                    _wordsConsumed += taken;
                    taken = 0;
                    uniform = NextDouble();
                    position = _position;
                }

                product *= uniform;
                if (!(product > limit))
                {
                    break;
                }

                count++;
            }

            counts[i] = count;
        }

        _position = position;
        _wordsConsumed += taken;
    }

    /// <summary>PTRS with its per-lambda constants precomputed by the caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal long PoissonPtrs(in PoissonPtrsConstants c)
    {
        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = (long)Math.Floor((((2 * c.A / us) + c.B) * u) + c.Lambda + 0.43);
            if (us >= 0.07 && v <= c.Vr)
            {
                return k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (Math.Log(v) + c.LogInvAlpha - Math.Log((c.A / (us * us)) + c.B)
                <= -c.Lambda + (k * c.LogLambda) - LogGamma(k + 1))
            {
                return k;
            }
        }
    }

    /// <summary>Fills <paramref name="destination"/> with <c>normal(loc, scale)</c> values in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillNormal(Span<double> destination, double loc, double scale)
    {
        var i = 0;
        if (_hasGauss && destination.Length > 0)
        {
            destination[i++] = loc + (scale * StandardNormal());
        }

        // Whole polar pairs in place: the first value returned is f·x2, the cached one f·x1. In
        // chunks, first the rejection sampling alone — every candidate is stored and the slot only
        // advances when it is accepted, so there is no unpredictable branch — then the logs and
        // square roots of the accepted pairs, which no longer wait on one another.
        const int ChunkPairs = 256;
        Span<double> radii = stackalloc double[ChunkPairs];
        var tempered = _tempered;
        var position = _position;
        long taken = 0;
        while (i + 1 < destination.Length)
        {
            var pairs = Math.Min(ChunkPairs, (destination.Length - i) / 2);
            var chunk = destination.Slice(i, 2 * pairs);
            var accepted = 0;
            while (accepted < pairs)
            {
                double x1, x2;
                if ((position & 1) == 0 && (uint)position <= StateSize - 4)
                {
                    // Both uniforms are whole pairs of this block: straight from its doubles.
                    if (!_pairDoublesReady)
                    {
                        FillPairDoubles();
                    }

                    var twin = _pairDoubles.AsSpan(position >> 1, 2);
                    x1 = (2.0 * twin[0]) - 1.0;
                    x2 = (2.0 * twin[1]) - 1.0;
                    position += 4;
                    taken += 4;
                }
                else
                {
                    x1 = (2.0 * NextDoubleFrom(tempered, ref position, ref taken)) - 1.0;
                    x2 = (2.0 * NextDoubleFrom(tempered, ref position, ref taken)) - 1.0;
                }

                var r2 = (x1 * x1) + (x2 * x2);
                chunk[2 * accepted] = x1;
                chunk[(2 * accepted) + 1] = x2;
                radii[accepted] = r2;
                accepted += r2 < 1.0 && r2 != 0.0 ? 1 : 0;
            }

            for (var k = 0; k < pairs; k++)
            {
                var r2 = radii[k];
                var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
                var x1 = chunk[2 * k];
                var x2 = chunk[(2 * k) + 1];
                chunk[2 * k] = loc + (scale * (f * x2));
                chunk[(2 * k) + 1] = loc + (scale * (f * x1));
            }

            i += 2 * pairs;
        }

        _position = position;
        _wordsConsumed += taken;

        if (i < destination.Length)
        {
            destination[i] = loc + (scale * StandardNormal());
        }
    }

    /// <summary>
    /// NextDouble for a loop that keeps the block position in a local: the same two words in the
    /// same order — from the block's precomputed doubles at an even position, else read straight
    /// from the tempered block while a whole pair is left in it; the
    /// block's last word goes through NextDouble, which regenerates the block between the two.
    /// The caller writes <paramref name="position"/> back and adds <paramref name="taken"/> to the count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double NextDoubleFrom(uint[] tempered, ref int position, ref long taken)
    {
        if ((position & 1) == 0 && (uint)position < StateSize)
        {
            if (!_pairDoublesReady)
            {
                FillPairDoubles();
            }

            var paired = _pairDoubles[position >> 1];
            position += 2;
            taken += 2;
            return paired;
        }

        if ((uint)position < StateSize - 1)
        {
            var a = tempered[position] >> 5;
            var b = tempered[position + 1] >> 6;
            position += 2;
            taken += 2;
            return ((a * 67108864.0) + b) / 9007199254740992.0;
        }

        _position = position;
        _wordsConsumed += taken;
        taken = 0;
        var uniform = NextDouble();
        position = _position;
        return uniform;
    }

    /// <summary>Fills <paramref name="destination"/> with <c>uniform(low, high)</c> values in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillUniform(Span<double> destination, double low, double high)
    {
        // low + (high − low)·u per element: the draws first, then the product and the sum as two
        // separate (unfused) passes, the same two roundings as the scalar expression.
        FillDouble(destination);
        var range = high - low;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lows = Vector256.Create(low);
            var ranges = Vector256.Create(range);
            for (; i + 4 <= destination.Length; i += 4)
            {
                var slice = destination.Slice(i, 4);
                (lows + (ranges * Vector256.Create(slice))).CopyTo(slice);
            }
        }

        for (; i < destination.Length; i++)
        {
            destination[i] = low + (range * destination[i]);
        }
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with <c>random_sample()</c> values in order: runs of
    /// whole pairs are copied from the block's precomputed doubles; an odd position or a pair that
    /// crosses a block boundary goes through <see cref="NextDouble"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillDouble(Span<double> destination)
    {
        var i = 0;
        while (i < destination.Length)
        {
            if ((_position & 1) != 0 || _position >= StateSize)
            {
                destination[i++] = NextDouble();
                continue;
            }

            if (!_pairDoublesReady)
            {
                FillPairDoubles();
            }

            var count = Math.Min((StateSize - _position) / 2, destination.Length - i);
            _pairDoubles.AsSpan(_position / 2, count).CopyTo(destination.Slice(i, count));
            _position += 2 * count;
            _wordsConsumed += 2 * count;
            i += count;
        }
    }

    /// <summary>The per-lambda constants of numpy's PTRS Poisson sampler.</summary>
    internal readonly struct PoissonPtrsConstants
    {
        public PoissonPtrsConstants(double lam)
        {
            Lambda = lam;
            LogLambda = Math.Log(lam);
            B = 0.931 + (2.53 * Math.Sqrt(lam));
            A = -0.059 + (0.02483 * B);
            LogInvAlpha = Math.Log(1.1239 + (1.1328 / (B - 3.4)));
            Vr = 0.9277 - (3.6224 / (B - 2));
        }

        public double Lambda { get; }

        public double LogLambda { get; }

        public double A { get; }

        public double B { get; }

        public double LogInvAlpha { get; }

        public double Vr { get; }
    }
}
