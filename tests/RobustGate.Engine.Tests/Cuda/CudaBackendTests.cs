using RobustGate.Engine.Cuda;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.Kernels;

namespace RobustGate.Engine.Tests.Cuda;

/// <summary>
/// Every op of the CUDA kernel seam against the CPU backend on the same inputs. The backend
/// instance is called directly (not through the process-wide <see cref="ComputeBackend"/>), so
/// these run beside the CPU tests. Tolerances: sums of K products in another order differ by at
/// most about K unit roundoffs of sum |a||b| (the standard gamma_K bound for each side), so GEMM and
/// convolution allow 2 K u max|a| max|b|; batch norm and pooling sum in double on both sides and
/// allow a few float ulps; max pooling and its gradient (same values, same order) must match exactly.
/// </summary>
public sealed class CudaBackendTests
{
    private const double Unit = 1.0 / (1 << 24);

    private static CudaBackend Cuda => CudaDevice.Open(0).Backend;

    private static CpuBackend Cpu => CpuBackend.Instance;

    [CudaTheory]
    [InlineData(false, false, 37, 29, 61, 0f)]
    [InlineData(true, false, 64, 128, 300, 0f)]
    [InlineData(false, true, 33, 65, 17, 0.5f)]
    [InlineData(true, true, 5, 7, 1024, 1f)]
    public void Sgemm_MatchesTheCpu(bool transA, bool transB, int m, int n, int k, float beta)
    {
        var ta = transA ? Transpose.Yes : Transpose.No;
        var tb = transB ? Transpose.Yes : Transpose.No;
        int lda = transA ? m : k, ldb = transB ? k : n, ldc = n + 3;
        var a = KernelTestData.Uniform(m * k, 1);
        var b = KernelTestData.Uniform(k * n, 2);
        var expected = KernelTestData.Uniform(m * ldc, 3);
        var actual = (float[])expected.Clone();
        Cpu.Sgemm(ta, tb, m, n, k, 1.25f, a, lda, b, ldb, beta, expected, ldc);
        Cuda.Sgemm(ta, tb, m, n, k, 1.25f, a, lda, b, ldb, beta, actual, ldc);
        KernelTestData.AssertClose(expected, actual, 2.5 * k * Unit * 1.25 + 1e-6, "sgemm");
    }

    public static TheoryData<ConvGeometry> Convolutions => new()
    {
        new ConvGeometry(2, 16, 14, 14, 32, 3, 3, 1, 1, 1, 1),
        new ConvGeometry(3, 8, 17, 15, 12, 3, 3, 2, 2, 1, 1),
        new ConvGeometry(2, 3, 32, 32, 16, 7, 7, 2, 2, 3, 3),
        new ConvGeometry(2, 32, 9, 9, 64, 1, 1, 2, 2),
        new ConvGeometry(2, 8, 12, 12, 8, 3, 3, 1, 1, 2, 2, 2, 2),
        new ConvGeometry(2, 8, 10, 10, 12, 3, 3, 1, 1, 1, 1, 1, 1, 4),
    };

    [CudaTheory]
    [MemberData(nameof(Convolutions))]
    public void Convolution_AllThreeDirectionsMatchTheCpu(ConvGeometry g)
    {
        var x = KernelTestData.Uniform((int)g.InputSize, 4);
        var w = KernelTestData.Uniform((int)g.WeightSize, 5);
        var bias = KernelTestData.Uniform(g.OutChannels, 6);
        var dy = KernelTestData.Uniform((int)g.OutputSize, 7);
        var products = g.InChannelsPerGroup * g.KernelH * g.KernelW;
        var tolerance = 2.5 * products * Unit + 1e-6;

        float[] Run(IComputeBackend backend, int which)
        {
            switch (which)
            {
                case 0:
                    var y = new float[g.OutputSize];
                    backend.ConvolutionForward(g, x, w, bias, y);
                    return y;
                case 1:
                    var dx = new float[g.InputSize];
                    backend.ConvolutionBackwardData(g, dy, w, dx);
                    return dx;
                default:
                    var dw = new float[g.WeightSize];
                    var db = new float[g.OutChannels];
                    backend.ConvolutionBackwardWeight(g, x, dy, dw, db);
                    return [.. dw, .. db];
            }
        }

        KernelTestData.AssertClose(Run(Cpu, 0), Run(Cuda, 0), tolerance, "forward");
        KernelTestData.AssertClose(Run(Cpu, 1), Run(Cuda, 1), 2.5 * g.OutChannelsPerGroup * g.KernelH * g.KernelW * Unit + 1e-6, "backward data");
        var weightProducts = g.Batch * g.OutH * g.OutW;
        KernelTestData.AssertClose(Run(Cpu, 2), Run(Cuda, 2), 2.5 * weightProducts * Unit + 1e-6, "backward weight");

        // Deterministic algorithms: the same call twice gives the same bits.
        Assert.Equal(Run(Cuda, 2), Run(Cuda, 2));
        Assert.Equal(Run(Cuda, 1), Run(Cuda, 1));
    }

    public static TheoryData<PoolingGeometry> Poolings => new()
    {
        new PoolingGeometry(2, 3, 16, 16, 3, 3, 2, 2, 1, 1),
        new PoolingGeometry(2, 4, 12, 12, 2, 2, 2, 2),
        new PoolingGeometry(1, 2, 11, 13, 3, 3, 2, 2, 0, 0, 1, 1, CeilMode: true),
        new PoolingGeometry(1, 2, 15, 15, 3, 3, 1, 1, 1, 1, 2, 2),
    };

    [CudaTheory]
    [MemberData(nameof(Poolings))]
    public void MaxPool_ValuesIndicesAndGradientsEqualTheCpu(PoolingGeometry g)
    {
        var x = KernelTestData.Uniform((int)g.InputSize, 8);
        x[5] = x[6]; // a tie: the first tap must win on both sides
        var dy = KernelTestData.Uniform((int)g.OutputSize, 9);
        float[] yc = new float[g.OutputSize], yg = new float[g.OutputSize];
        int[] ic = new int[g.OutputSize], ig = new int[g.OutputSize];
        Cpu.MaxPool2dForward(g, x, yc, ic);
        Cuda.MaxPool2dForward(g, x, yg, ig);
        Assert.Equal(yc, yg);
        Assert.Equal(ic, ig);
        float[] gc = new float[g.InputSize], gg = new float[g.InputSize];
        Cpu.MaxPool2dBackward(g, dy, ic, gc);
        Cuda.MaxPool2dBackward(g, dy, ic, gg);
        Assert.Equal(gc, gg);
    }

    [CudaTheory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(true, 5)]
    public void AvgPool_MatchesTheCpu(bool countIncludePad, int divisor)
    {
        var g = new PoolingGeometry(2, 3, 13, 11, 3, 3, 2, 2, 1, 1);
        int? divisorOverride = divisor == 0 ? null : divisor;
        var x = KernelTestData.Uniform((int)g.InputSize, 10);
        var dy = KernelTestData.Uniform((int)g.OutputSize, 11);
        float[] yc = new float[g.OutputSize], yg = new float[g.OutputSize];
        Cpu.AvgPool2dForward(g, countIncludePad, divisorOverride, x, yc);
        Cuda.AvgPool2dForward(g, countIncludePad, divisorOverride, x, yg);
        Assert.Equal(yc, yg);
        float[] gc = new float[g.InputSize], gg = new float[g.InputSize];
        Cpu.AvgPool2dBackward(g, countIncludePad, divisorOverride, dy, gc);
        Cuda.AvgPool2dBackward(g, countIncludePad, divisorOverride, dy, gg);
        Assert.Equal(gc, gg);
    }

    [CudaTheory]
    [InlineData(7, 7, 1, 1)]
    [InlineData(14, 14, 7, 7)]
    [InlineData(5, 7, 3, 2)]
    public void AdaptiveAvgPool_MatchesTheCpu(int inH, int inW, int outH, int outW)
    {
        const int Planes = 6;
        var x = KernelTestData.Uniform(Planes * inH * inW, 12);
        var dy = KernelTestData.Uniform(Planes * outH * outW, 13);
        float[] yc = new float[Planes * outH * outW], yg = new float[yc.Length];
        Cpu.AdaptiveAvgPool2dForward(Planes, inH, inW, outH, outW, x, yc);
        Cuda.AdaptiveAvgPool2dForward(Planes, inH, inW, outH, outW, x, yg);
        KernelTestData.AssertClose(yc, yg, 2 * Unit, "adaptive forward"); // the CPU's global pool sums in float lanes first
        float[] gc = new float[x.Length], gg = new float[x.Length];
        Cpu.AdaptiveAvgPool2dBackward(Planes, inH, inW, outH, outW, dy, gc);
        Cuda.AdaptiveAvgPool2dBackward(Planes, inH, inW, outH, outW, dy, gg);
        Assert.Equal(gc, gg);
    }

    [CudaFact]
    public void BatchNorm_AllOpsMatchTheCpu()
    {
        const int N = 3, C = 5, HW = 37;
        var x = KernelTestData.Uniform(N * C * HW, 14, 3f);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += 10f; // an offset the shifted sums must handle
        }

        var dy = KernelTestData.Uniform(x.Length, 15);
        var weight = KernelTestData.Uniform(C, 16);
        var bias = KernelTestData.Uniform(C, 17);
        const double Tolerance = 1e-5;

        float[] Fwd(IComputeBackend b, out float[] mean, out float[] variance, out float[] invStd)
        {
            (mean, variance, invStd) = (new float[C], new float[C], new float[C]);
            var y = new float[x.Length];
            b.BatchNormTrainingForward(N, C, HW, x, weight, bias, 1e-5f, mean, variance, invStd, y);
            return y;
        }

        var yc = Fwd(Cpu, out var mc, out var vc, out var ic);
        var yg = Fwd(Cuda, out var mg, out var vg, out var ig);
        KernelTestData.AssertClose(mc, mg, Tolerance, "mean");
        KernelTestData.AssertClose(vc, vg, Tolerance, "variance");
        KernelTestData.AssertClose(ic, ig, Tolerance, "invStd");
        KernelTestData.AssertClose(yc, yg, Tolerance, "output");

        float[] sc = new float[C], scc = new float[C], gc = new float[x.Length];
        float[] sg = new float[C], scg = new float[C], gg = new float[x.Length];
        Cpu.BatchNormTrainingBackward(N, C, HW, x, dy, mc, ic, weight, sc, scc, gc);
        Cuda.BatchNormTrainingBackward(N, C, HW, x, dy, mc, ic, weight, sg, scg, gg);
        KernelTestData.AssertClose(sc, sg, Tolerance, "sumDy");
        KernelTestData.AssertClose(scc, scg, 1e-4, "sumDyCentered");
        KernelTestData.AssertClose(gc, gg, Tolerance, "gradInput");

        float[] sm = new float[C], sv = new float[C], gm = new float[C], gv = new float[C];
        Cpu.BatchNormStatistics(N, C, HW, x, sm, sv);
        Cuda.BatchNormStatistics(N, C, HW, x, gm, gv);
        KernelTestData.AssertClose(sm, gm, Tolerance, "statistics mean");
        KernelTestData.AssertClose(sv, gv, Tolerance, "statistics variance");

        float[] ac = new float[x.Length], ag = new float[x.Length];
        Cpu.BatchNormAffine(N, C, HW, x, weight, bias, ac);
        Cuda.BatchNormAffine(N, C, HW, x, weight, bias, ag);
        Assert.Equal(ac, ag);
        Cpu.BatchNormScale(N, C, HW, x, weight, ac);
        Cuda.BatchNormScale(N, C, HW, x, weight, ag);
        Assert.Equal(ac, ag);
    }
}
