using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class ElementwiseKernelsTests
{
    private const int MaxLength = 256;

    [Fact]
    public void Relu_IsExact() => CheckUnary(default(ReluOperator), x => x > 0f ? x : float.IsNaN(x) ? x : 0f);

    [Fact]
    public void ReluBackward_IsExact() => CheckBinary(default(ReluBackwardOperator), (g, x) => x > 0f ? g : 0f);

    [Fact]
    public void AddRelu_IsExact() => CheckBinary(default(AddReluOperator), (x, y) => float.IsNaN(x + y) ? x + y : x + y > 0f ? x + y : 0f);

    [Fact]
    public void LeakyRelu_IsExact()
    {
        CheckUnary(new LeakyReluOperator(0.2f), x => x > 0f ? x : x * 0.2f);
        CheckUnary(default(LeakyReluOperator), x => x > 0f ? x : x * 0.01f);
    }

    [Fact]
    public void LeakyReluBackward_IsExact() => CheckBinary(new LeakyReluBackwardOperator(0.1f), (g, x) => x > 0f ? g : g * 0.1f);

    [Fact]
    public void Clamp_IsExact()
    {
        CheckUnary(new ClampOperator(-0.5f, 0.25f), x => float.IsNaN(x) ? x : x < -0.5f ? -0.5f : x > 0.25f ? 0.25f : x);
        CheckUnary(default(ClampOperator), x => x);
    }

    [Fact]
    public void ClampBackward_IsExact() => CheckBinary(new ClampBackwardOperator(-0.5f, 0.25f), (g, x) => x >= -0.5f && x <= 0.25f ? g : 0f);

    [Fact]
    public void Sign_IsExact() => CheckUnary(default(SignOperator), x => float.IsNaN(x) || x == 0f ? 0f : x > 0f ? 1f : -1f);

    [Fact]
    public void SigmoidBackward_IsExact() => CheckBinary(default(SigmoidBackwardOperator), (g, y) => g * (y * (1f - y)));

    [Fact]
    public void TanhBackward_IsExact() => CheckBinary(default(TanhBackwardOperator), (g, y) => g * (1f - (y * y)));

    [Fact]
    public void Softplus_IsWithinBound()
    {
        static double Reference(double x, double beta, double threshold)
            => beta * x > threshold ? x : (Math.Max(beta * x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(beta * x)))) / beta;

        // log(1 + e) in float loses the low bits of a tiny e: an absolute error up to ~ulp(1) / 2 = 6e-8 on top of
        // a few ulp of relative error from the vectorised exp and log. Bound: 4 ulp + 1.5e-7 / beta.
        CheckUnary(default(SoftplusOperator), x => (float)Reference(x, 1, 20), ulps: 4, absolute: 1.5e-7);
        CheckUnary(new SoftplusOperator(2f, 10f), x => (float)Reference(x, 2, 10), ulps: 4, absolute: 1.5e-7 / 2);
    }

    [Fact]
    public void SoftplusBackward_IsWithinBound()
    {
        static double Reference(double g, double x, double beta, double threshold)
            => beta * x > threshold ? g : g / (1 + Math.Exp(-beta * x));

        // One vectorised exp (a few ulp), one add and one divide: within 4 ulp of the float64 value.
        CheckBinary(default(SoftplusBackwardOperator), (g, x) => (float)Reference(g, x, 1, 20), ulps: 4, absolute: 1e-37);
        CheckBinary(new SoftplusBackwardOperator(0.5f, 5f), (g, x) => (float)Reference(g, x, 0.5, 5), ulps: 4, absolute: 1e-37);
    }

    [Fact]
    public void ClampBetween_IsExact()
    {
        for (var length = 0; length <= MaxLength; length++)
        {
            var x = Values(length, length);
            var center = KernelTestData.Uniform(length, 500 + length, 20f);
            var lo = center.Select(c => c - 3f).ToArray();
            var hi = center.Select(c => c + 3f).ToArray();
            var dst = new float[length];
            ElementwiseKernels.Ternary(x, lo, hi, dst, default(ClampBetweenOperator));
            for (var i = 0; i < length; i++)
            {
                var expected = float.IsNaN(x[i]) ? x[i] : x[i] < lo[i] ? lo[i] : x[i] > hi[i] ? hi[i] : x[i];
                AssertMatches(expected, dst[i], 0, 0, $"clamp({x[i]}, {lo[i]}, {hi[i]}) at {i} of {length}");
            }
        }
    }

    [Fact]
    public void BinaryScalar_And_ScalarBinary_BroadcastTheScalar()
    {
        for (var length = 0; length <= MaxLength; length++)
        {
            var x = Values(length, 1);
            var dst = new float[length];
            ElementwiseKernels.BinaryScalar(x, 0.5f, dst, default(TanhBackwardOperator));
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(x[i] * (1f - (0.5f * 0.5f)), dst[i]);
            }

            ElementwiseKernels.ScalarBinary(2f, x, dst, default(ReluBackwardOperator));
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(x[i] > 0f ? 2f : 0f, dst[i]);
            }
        }
    }

    [Fact]
    public void InPlace_IsAllowed_PartialOverlapAndShortDestinationAreNot()
    {
        var data = Values(100, 3);
        var expected = data.Select(v => MathF.Max(v, 0f)).ToArray();
        ElementwiseKernels.Unary(data, data, default(ReluOperator));
        Assert.Equal(expected, data);

        Assert.Throws<ArgumentException>(() => ElementwiseKernels.Unary(data.AsSpan(0, 50), data.AsSpan(1, 50), default(ReluOperator)));
        Assert.Throws<ArgumentException>(() => ElementwiseKernels.Unary(data.AsSpan(0, 50), new float[49], default(ReluOperator)));
        Assert.Throws<ArgumentException>(() => ElementwiseKernels.Binary(data.AsSpan(0, 50), data.AsSpan(0, 49), new float[50], default(ReluBackwardOperator)));
    }

    /// <summary>Values in [-30, 30] (covers softplus thresholds) with zeros, -0, infinities and NaN mixed in.</summary>
    private static float[] Values(int length, int seed)
    {
        var values = KernelTestData.Uniform(length, seed, 30f);
        float[] special = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, -1e-30f, 0.25f, -0.5f, 100f, -100f];
        for (var i = 0; i < length; i += 7)
        {
            values[i] = special[(i / 7) % special.Length];
        }

        return values;
    }

    private static void CheckUnary<TOp>(TOp op, Func<float, float> reference, int ulps = 0, double absolute = 0)
        where TOp : struct, IUnaryOperator
    {
        for (var length = 0; length <= MaxLength; length++)
        {
            var x = Values(length, length);
            var y = new float[length + 1];
            y[length] = 12345f;
            ElementwiseKernels.Unary(x, y.AsSpan(0, length), op);
            Assert.Equal(12345f, y[length]);
            for (var i = 0; i < length; i++)
            {
                AssertMatches(reference(x[i]), y[i], ulps, absolute, $"{typeof(TOp).Name}({x[i]}) at {i} of {length}");
            }
        }
    }

    private static void CheckBinary<TOp>(TOp op, Func<float, float, float> reference, int ulps = 0, double absolute = 0)
        where TOp : struct, IBinaryOperator
    {
        for (var length = 0; length <= MaxLength; length++)
        {
            var g = KernelTestData.Uniform(length, 1000 + length, 2f);
            var x = Values(length, length);
            var dst = new float[length];
            ElementwiseKernels.Binary(g, x, dst, op);
            for (var i = 0; i < length; i++)
            {
                AssertMatches(reference(g[i], x[i]), dst[i], ulps, absolute, $"{typeof(TOp).Name}({g[i]}, {x[i]}) at {i} of {length}");
            }
        }
    }

    private static void AssertMatches(float expected, float actual, int ulps, double absolute, string what)
    {
        if (ulps == 0 && absolute == 0)
        {
            // Exact: bit for bit, except that any NaN matches any NaN.
            if (!(float.IsNaN(expected) && float.IsNaN(actual)) && BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
            {
                Assert.Fail($"{what}: {actual} != {expected}");
            }

            return;
        }

        if (float.IsNaN(expected) || float.IsInfinity(expected))
        {
            Assert.True(expected.Equals(actual), $"{what}: {actual} != {expected}");
            return;
        }

        var bound = (ulps * (double)(MathF.BitIncrement(Math.Abs(expected)) - Math.Abs(expected))) + absolute;
        Assert.True(Math.Abs((double)actual - expected) <= bound, $"{what}: {actual} vs {expected} (bound {bound:G3})");
    }
}
