namespace RobustGate.Engine.Kernels;

/// <summary>
/// Where element (p, j) of a K x N GEMM operand B lives once packed for the micro-kernel: K is cut into
/// <see cref="GemmBlocking.KC"/>-row blocks, each block into NR-column panels stored k-step by k-step (NR
/// consecutive floats per step). Columns are padded to a multiple of NR; padding columns are never read
/// into stored results, so they need not be initialised.
/// </summary>
internal readonly struct PackedPanelLayout
{
    private readonly int k;
    private readonly int nrShift;

    public PackedPanelLayout(int k, int n, int nr)
    {
        if (nr <= 0 || (nr & (nr - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nr), "NR must be a power of two.");
        }

        this.k = k;
        NR = nr;
        nrShift = System.Numerics.BitOperations.Log2((uint)nr);
        PaddedN = ((n + nr - 1) / nr) * nr;
    }

    public int NR { get; }

    public int PaddedN { get; }

    /// <summary>Floats the packed operand occupies.</summary>
    public long Length => (long)k * PaddedN;

    /// <summary>Offset of element (p, j); j must be a multiple of NR or p the start of a row for block pointers.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public long Offset(int p, int j)
    {
        var pc = p & ~(GemmBlocking.KC - 1);
        var kc = Math.Min(GemmBlocking.KC, k - pc);
        return ((long)pc * PaddedN) + ((long)(j >> nrShift) * NR * kc) + ((long)(p - pc) * NR) + (j & (NR - 1));
    }

    /// <summary>Offset of (p, 0) and the stride between consecutive panels on row p.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public (long RowStart, long PanelStride) Row(int p)
    {
        var pc = p & ~(GemmBlocking.KC - 1);
        var kc = Math.Min(GemmBlocking.KC, k - pc);
        return (((long)pc * PaddedN) + ((long)(p - pc) * NR), (long)NR * kc);
    }
}
