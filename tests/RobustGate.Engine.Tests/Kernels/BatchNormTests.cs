using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class BatchNormTests
{
    // N, C, HW chosen so planes have a vector part and a scalar tail (HW = 37 = 2 * 16 + 5).
    private const int N = 5;
    private const int C = 3;
    private const int HW = 37;

    [Fact]
    public void Statistics_OnePassStaysAccurateForALargeMean()
    {
        // Values 1000 + U(-1, 1): an unshifted E[x^2] - E[x]^2 in float would lose every digit of the variance.
        var x = KernelTestData.Uniform(N * C * HW, 3);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += 1000f;
        }

        var (mean, variance) = (new float[C], new float[C]);
        BatchNorm.Statistics(N, C, HW, x, mean, variance);
        var (refMean, refVar) = Reference(x);
        for (var ch = 0; ch < C; ch++)
        {
            // The mean is exact to float rounding of 1000 (6e-5); the variance (~1/3) to 1e-5 relative:
            // shifted values |d| <= 2 are summed in float over 37 x 5 elements with double plane totals.
            Assert.True(Math.Abs(mean[ch] - refMean[ch]) <= 1.2e-4, $"mean {ch}: {mean[ch]} vs {refMean[ch]}");
            Assert.True(Math.Abs(variance[ch] - refVar[ch]) <= 1e-5 * refVar[ch], $"variance {ch}: {variance[ch]} vs {refVar[ch]}");
        }
    }

    [Fact]
    public void TrainingForwardAndBackward_MatchDoubleReference()
    {
        var x = KernelTestData.Uniform(N * C * HW, 11, 3f);
        var dy = KernelTestData.Uniform(N * C * HW, 12);
        float[] weight = [0.5f, -1.5f, 2f], bias = [0.1f, 0.2f, -0.3f];
        const float Eps = 1e-5f;
        var (mean, variance, invStd, y) = (new float[C], new float[C], new float[C], new float[x.Length]);
        BatchNorm.TrainingForward(N, C, HW, x, weight, bias, Eps, mean, variance, invStd, y);
        var (sumDy, sumDyCentered, dx) = (new float[C], new float[C], new float[x.Length]);
        BatchNorm.TrainingBackward(N, C, HW, x, dy, mean, invStd, weight, sumDy, sumDyCentered, dx);

        var (refMean, refVar) = Reference(x);
        const double M = N * HW;
        for (var ch = 0; ch < C; ch++)
        {
            var inv = 1 / Math.Sqrt(refVar[ch] + Eps);
            double s = 0, sc = 0;
            foreach (var i in Indices(ch))
            {
                s += dy[i];
                sc += dy[i] * (x[i] - refMean[ch]);
            }

            // Sums of ~185 values of magnitude <= 3: float accumulation error well below 1e-4.
            Assert.True(Math.Abs(sumDy[ch] - s) <= 1e-4, $"sumDy {ch}");
            Assert.True(Math.Abs(sumDyCentered[ch] - sc) <= 1e-4, $"sumDyCentered {ch}");
            foreach (var i in Indices(ch))
            {
                var xhat = (x[i] - refMean[ch]) * inv;
                var expectedY = (xhat * weight[ch]) + bias[ch];
                var expectedDx = weight[ch] * inv * (dy[i] - (s / M) - (xhat * inv * sc / M));

                // Outputs of magnitude <= ~10 computed with float constants: a few ulps, 1e-5 absolute.
                Assert.True(Math.Abs(y[i] - expectedY) <= 1e-5, $"y[{i}] {y[i]} vs {expectedY}");
                Assert.True(Math.Abs(dx[i] - expectedDx) <= 1e-5, $"dx[{i}] {dx[i]} vs {expectedDx}");
            }
        }

        // Without an input gradient the sums are the same bits.
        var (sumDy2, sumDyCentered2) = (new float[C], new float[C]);
        BatchNorm.TrainingBackward(N, C, HW, x, dy, mean, invStd, weight, sumDy2, sumDyCentered2, default);
        Assert.Equal(sumDy, sumDy2);
        Assert.Equal(sumDyCentered, sumDyCentered2);
    }

    /// <summary>Channel blocks follow the thread count and the channel count (1 block, 3, 8 uneven ones of 37 channels, 12 single channels, 3 of 200 at one thread); each channel's sums must not.</summary>
    [Theory]
    [InlineData(5, 3, 37)]
    [InlineData(4, 37, 19)]
    [InlineData(2, 12, 196)]
    [InlineData(2, 600, 5)] // more channels than one block takes, single-threaded too
    public void TrainingForwardAndBackward_SameBitsForAnyThreadCount(int n, int c, int hw)
    {
        var x = KernelTestData.Uniform(n * c * hw, 21, 2f);
        var dy = KernelTestData.Uniform(n * c * hw, 22);
        var saved = EngineThreads.Count;
        try
        {
            EngineThreads.Count = 1;
            var one = Run(n, c, hw, x, dy);
            foreach (var threads in new[] { 2, 3 })
            {
                EngineThreads.Count = threads;
                var other = Run(n, c, hw, x, dy);
                for (var k = 0; k < one.Length; k++)
                {
                    Assert.Equal(one[k], other[k]);
                }
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    private static float[][] Run(int n, int c, int hw, float[] x, float[] dy)
    {
        var (mean, variance, invStd, y) = (new float[c], new float[c], new float[c], new float[x.Length]);
        BatchNorm.TrainingForward(n, c, hw, x, default, default, 1e-5f, mean, variance, invStd, y);
        var (sumDy, sumDyCentered, dx) = (new float[c], new float[c], new float[x.Length]);
        BatchNorm.TrainingBackward(n, c, hw, x, dy, mean, invStd, default, sumDy, sumDyCentered, dx);
        var (statMean, statVariance) = (new float[c], new float[c]);
        BatchNorm.Statistics(n, c, hw, x, statMean, statVariance);
        return [mean, variance, y, sumDy, sumDyCentered, dx, statMean, statVariance];
    }

    private static IEnumerable<int> Indices(int ch)
    {
        for (var n = 0; n < N; n++)
        {
            for (var k = 0; k < HW; k++)
            {
                yield return (((n * C) + ch) * HW) + k;
            }
        }
    }

    private static (double[] Mean, double[] Variance) Reference(float[] x)
    {
        var (mean, variance) = (new double[C], new double[C]);
        for (var ch = 0; ch < C; ch++)
        {
            var values = Indices(ch).Select(i => (double)x[i]).ToArray();
            mean[ch] = values.Average();
            variance[ch] = values.Select(v => (v - mean[ch]) * (v - mean[ch])).Average();
        }

        return (mean, variance);
    }
}
