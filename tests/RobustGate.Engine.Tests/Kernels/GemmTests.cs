using System.Runtime.Intrinsics.X86;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class GemmTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 5, 3 }, { 5, 0, 3 }, { 4, 5, 0 }, { 1, 1, 1 }, { 1, 37, 1 }, { 37, 1, 5 }, { 7, 13, 5 },
        { 8, 32, 16 }, { 33, 65, 17 }, { 64, 100, 27 }, { 129, 300, 260 }, { 3, 4100, 9 }, { 300, 40, 600 },
    };

    private static List<GemmKernelKind> Kinds
    {
        get
        {
            var kinds = new List<GemmKernelKind> { GemmKernelKind.Scalar };
            if (Avx2.IsSupported && Fma.IsSupported)
            {
                kinds.Add(GemmKernelKind.Avx2);
            }

            if (Avx512F.IsSupported)
            {
                kinds.Add(GemmKernelKind.Avx512);
            }

            return kinds;
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sgemm_MatchesReference_ForAllTransposesAndScalings(int m, int n, int k)
    {
        foreach (var kind in Kinds)
        {
            foreach (var transA in new[] { Transpose.No, Transpose.Yes })
            {
                foreach (var transB in new[] { Transpose.No, Transpose.Yes })
                {
                    foreach (var (alpha, beta) in new[] { (1f, 0f), (0.5f, 2f), (-1.5f, 1f) })
                    {
                        CheckAgainstReference(kind, 2, transA, transB, m, n, k, alpha, beta, pad: 3);
                    }
                }
            }
        }
    }

    [Fact]
    public void Sgemm_TightLeadingDimensions_MatchesReference()
    {
        foreach (var kind in Kinds)
        {
            CheckAgainstReference(kind, 1, Transpose.No, Transpose.No, 70, 90, 300, 1f, 0f, pad: 0);
            CheckAgainstReference(kind, 2, Transpose.Yes, Transpose.Yes, 70, 90, 300, 1f, 0.25f, pad: 0);
        }
    }

    [Fact]
    public void Sgemm_BetaZero_IgnoresNaNInC()
    {
        var a = KernelTestData.Uniform(6 * 7, 1);
        var b = KernelTestData.Uniform(7 * 40, 2);
        var c = Enumerable.Repeat(float.NaN, 6 * 40).ToArray();
        Gemm.Sgemm(Transpose.No, Transpose.No, 6, 40, 7, 1f, a, 7, b, 40, 0f, c, 40);
        Assert.All(c, v => Assert.True(float.IsFinite(v)));

        var empty = Enumerable.Repeat(float.NaN, 6 * 40).ToArray();
        Gemm.Sgemm(Transpose.No, Transpose.No, 6, 40, 0, 1f, a, 7, b, 40, 0f, empty, 40);
        Assert.All(empty, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Sgemm_IsBitIdenticalAcrossThreadCounts()
    {
        // Large enough to cross the parallel threshold and every blocking boundary (MC, KC, NC, tile edges).
        const int m = 150, n = 4200, k = 300;
        var a = KernelTestData.Uniform(m * k, 3);
        var b = KernelTestData.Uniform(k * n, 4);
        var saved = EngineThreads.Count;
        try
        {
            float[] RunWith(int threads)
            {
                EngineThreads.Count = threads;
                var c = KernelTestData.Uniform(m * n, 5);
                Gemm.Sgemm(Transpose.No, Transpose.Yes, m, n, k, 0.75f, a, k, TransposeCopy(b, k, n), k, 0.5f, c, n);
                return c;
            }

            var one = RunWith(1);
            KernelTestData.AssertBitIdentical(one, RunWith(2), "2 threads vs 1");
            KernelTestData.AssertBitIdentical(one, RunWith(3), "3 threads vs 1");
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    [Fact]
    public void Sgemm_KernelsAgreeBitForBit()
    {
        // Every kernel accumulates each C element over k in the same order with fused multiply-adds, in the same
        // KC blocks, and combines with alpha/beta the same way, so the tile shape must not change a single bit.
        const int m = 45, n = 77, k = 600;
        var a = KernelTestData.Uniform(m * k, 21);
        var b = KernelTestData.Uniform(k * n, 22);
        var initial = KernelTestData.Uniform(m * n, 23);
        float[]? first = null;
        foreach (var kind in Kinds)
        {
            var c = (float[])initial.Clone();
            Gemm.Sgemm(kind, 2, Transpose.Yes, Transpose.No, m, n, k, 1.25f, TransposeCopy(a, m, k), m, b, n, -0.5f, c, n);
            if (first is null)
            {
                first = c;
            }
            else
            {
                KernelTestData.AssertBitIdentical(first, c, $"{kind} vs {Kinds[0]}");
            }
        }
    }

    [Theory]
    [InlineData(45, 16, 600)]
    [InlineData(100, 5, 300)]
    [InlineData(16, 16, 256)]
    [InlineData(130, 1, 513)]
    public void Sgemm_NarrowKernelAgreesBitForBitWithTheScalarKernel(int m, int n, int k)
    {
        // At most 16 columns with A as stored take GemmNarrowAvx512's 16 x 16 tile, which must sum in the same KC
        // blocks and order as every other kernel: leftover rows, narrow columns, beta != 0 and K past one block.
        if (!Avx512F.IsSupported)
        {
            return;
        }

        var a = KernelTestData.Uniform(m * k, 41);
        var b = KernelTestData.Uniform(k * n, 42);
        var initial = KernelTestData.Uniform(m * n, 43);
        foreach (var transB in new[] { Transpose.No, Transpose.Yes })
        {
            var opB = transB == Transpose.No ? b : TransposeCopy(b, k, n);
            float[] RunWith(GemmKernelKind kind, int threads)
            {
                var c = (float[])initial.Clone();
                Gemm.Sgemm(kind, threads, Transpose.No, transB, m, n, k, 1.25f, a, k, opB, transB == Transpose.No ? n : k, -0.5f, c, n);
                return c;
            }

            var scalar = RunWith(GemmKernelKind.Scalar, 1);
            KernelTestData.AssertBitIdentical(scalar, RunWith(GemmKernelKind.Avx512, 1), $"{transB}: narrow AVX-512 vs scalar");
            KernelTestData.AssertBitIdentical(scalar, RunWith(GemmKernelKind.Avx512, 2), $"{transB}: narrow AVX-512 on 2 threads vs scalar");
        }
    }

    [Theory]
    [InlineData(45, 77, 600)]
    [InlineData(576, 64, 300)]
    [InlineData(17, 300, 40)]
    [InlineData(9, 2048, 2100)] // packed B over 4 Mi floats: the per-(NC, KC) block path
    public void Sgemm_OperandsReadInPlaceOrPackedAgreeBitForBit(int m, int n, int k)
    {
        // Reading A or B in place and packing them first feed the same FMAs in the same order (edge panels are
        // packed either way), so the choice must not change a bit, whatever the transposes.
        if (!Avx512F.IsSupported)
        {
            return;
        }

        var a = KernelTestData.Uniform(m * k, 31);
        var b = KernelTestData.Uniform(k * n, 32);
        var initial = KernelTestData.Uniform(m * n, 33);
        var saved = (GemmDriver.DirectAOverride, GemmDriver.DirectBOverride);
        try
        {
            foreach (var transA in new[] { Transpose.No, Transpose.Yes })
            {
                foreach (var transB in new[] { Transpose.No, Transpose.Yes })
                {
                    var opA = transA == Transpose.No ? a : TransposeCopy(a, m, k);
                    var opB = transB == Transpose.No ? b : TransposeCopy(b, k, n);
                    float[] RunWith(bool directA, bool directB)
                    {
                        GemmDriver.DirectAOverride = directA;
                        GemmDriver.DirectBOverride = directB;
                        var c = (float[])initial.Clone();
                        Gemm.Sgemm(
                            GemmKernelKind.Avx512, 2, transA, transB, m, n, k, 0.75f, opA, transA == Transpose.No ? k : m,
                            opB, transB == Transpose.No ? n : k, 0.5f, c, n);
                        return c;
                    }

                    var packed = RunWith(false, false);
                    KernelTestData.AssertBitIdentical(packed, RunWith(true, false), $"{transA}{transB}: A in place vs packed");
                    KernelTestData.AssertBitIdentical(packed, RunWith(false, true), $"{transA}{transB}: B in place vs packed");
                    KernelTestData.AssertBitIdentical(packed, RunWith(true, true), $"{transA}{transB}: both in place vs packed");
                }
            }
        }
        finally
        {
            (GemmDriver.DirectAOverride, GemmDriver.DirectBOverride) = saved;
        }
    }

    [Fact]
    public void Sgemm_RejectsShortSpansAndNarrowLeadingDimensions()
    {
        var a = new float[12];
        var b = new float[12];
        var c = new float[12];
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(Transpose.No, Transpose.No, 4, 3, 4, 1f, a, 4, b, 3, 0f, c, 3));
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(Transpose.No, Transpose.No, 3, 3, 4, 1f, a, 3, b, 3, 0f, c, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.Sgemm(Transpose.No, Transpose.No, -1, 3, 4, 1f, a, 4, b, 3, 0f, c, 3));
    }

    private static float[] TransposeCopy(float[] source, int rows, int cols)
    {
        var result = new float[source.Length];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                result[(j * rows) + i] = source[(i * cols) + j];
            }
        }

        return result;
    }

    private static void CheckAgainstReference(GemmKernelKind kind, int threads, Transpose transA, Transpose transB, int m, int n, int k, float alpha, float beta, int pad)
    {
        var (aRows, aCols) = transA == Transpose.No ? (m, k) : (k, m);
        var (bRows, bCols) = transB == Transpose.No ? (k, n) : (n, k);
        int lda = aCols + pad, ldb = bCols + pad, ldc = n + pad;
        var a = KernelTestData.Uniform(Math.Max(0, (aRows * lda) - pad), 11 + m, 2f);
        var b = KernelTestData.Uniform(Math.Max(0, (bRows * ldb) - pad), 13 + n, 0.5f);
        var c = KernelTestData.Uniform(Math.Max(0, (m * ldc) - pad), 17 + k);
        var expected = (float[])c.Clone();
        Gemm.SgemmReference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, expected, ldc);
        Gemm.Sgemm(kind, threads, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

        // float32 accumulation of k products against the float64 reference: each partial sum rounds with
        // relative error 2^-24, and the sum's magnitude is at most k * max|a| * max|b|, so the error stays
        // well within 1e-6 * k * max|a| * max|b| * |alpha| (which is ~17 * k roundings of the largest term);
        // the beta * C term adds one rounding of |beta * c|. Padding elements must be untouched (they are
        // compared too, with the reference leaving them as they were).
        var tolerance = (1e-6 * Math.Max(k, 1) * KernelTestData.MaxAbs(a) * KernelTestData.MaxAbs(b) * Math.Abs(alpha))
            + (2e-7 * Math.Abs(beta) * KernelTestData.MaxAbs(expected)) + 1e-30;
        KernelTestData.AssertClose(expected, c, tolerance, $"{kind} {transA}/{transB} m={m} n={n} k={k} alpha={alpha} beta={beta}");
    }
}
