namespace RobustGate.Engine.Kernels;

/// <summary>The portable register tile (4 x 8, scalar), for hardware with neither AVX-512 nor AVX2+FMA.</summary>
internal static unsafe class GemmMicroKernelScalar
{
    public const int MR = 4;

    public const int NR = 8;

    /// <summary>Same contract as <see cref="GemmMicroKernelAvx512.Run"/> for a 4 x 8 tile.</summary>
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        var acc = stackalloc float[MR * NR];
        new Span<float>(acc, MR * NR).Clear();
        for (var p = 0; p < kc; p++)
        {
            for (var i = 0; i < MR; i++)
            {
                var av = a[i];
                for (var j = 0; j < NR; j++)
                {
                    acc[(i * NR) + j] = MathF.FusedMultiplyAdd(av, b[j], acc[(i * NR) + j]);
                }
            }

            a += MR;
            b += NR;
        }

        for (var i = 0; i < MR; i++)
        {
            for (var j = 0; j < NR; j++)
            {
                var scaled = acc[(i * NR) + j] * alpha;
                var target = c + (i * ldc) + j;
                *target = beta == 0f ? scaled : MathF.FusedMultiplyAdd(beta, *target, scaled);
            }
        }
    }
}
