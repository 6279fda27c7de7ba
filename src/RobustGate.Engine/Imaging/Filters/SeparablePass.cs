using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// One axis of a separable symmetric correlation over an interleaved H×W×C double image, with
/// scipy's border extension. Axis 0 filters down the columns, axis 1 along the rows; the channel
/// axis is never mixed. Source and destination must not overlap.
/// </summary>
internal static unsafe class SeparablePass
{
    private const int MaxStackTaps = 4096;

    /// <param name="halfKernel">w[0] (centre) … w[r]; the kernel is w[|j|].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rows(double* source, double* destination, int height, int rowLength, ReadOnlySpan<double> halfKernel, BorderMode mode, double constant)
    {
        var radius = halfKernel.Length - 1;
        var tapCount = (2 * radius) + 1;
        var constantRow = mode == BorderMode.Constant ? ScratchBuffer.Doubles(3, rowLength) : null;
        if (constantRow is not null)
        {
            Array.Fill(constantRow, constant, 0, rowLength);
        }

        var heapTaps = tapCount > MaxStackTaps ? new nint[tapCount] : null;
        Span<nint> stackTaps = heapTaps is null ? stackalloc nint[tapCount] : default;
        fixed (double* w = halfKernel)
        fixed (double* constantPtr = constantRow)
        fixed (nint* heapPtr = heapTaps)
        fixed (nint* stackPtr = stackTaps)
        {
            var taps = (double**)(heapPtr != null ? heapPtr : stackPtr);
            for (var y = 0; y < height; y++)
            {
                for (var t = 0; t < tapCount; t++)
                {
                    var row = BorderIndex.Map(y + t - radius, height, mode);
                    taps[t] = row < 0 ? constantPtr : source + ((long)row * rowLength);
                }

                SymmetricCorrelation.Run(destination + ((long)y * rowLength), taps, w, radius, rowLength);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Columns(double* source, double* destination, int height, int width, int channels, ReadOnlySpan<double> halfKernel, BorderMode mode, double constant)
    {
        var radius = halfKernel.Length - 1;
        var tapCount = (2 * radius) + 1;
        var rowLength = width * channels;
        var extended = ScratchBuffer.Doubles(4, (width + (2 * radius)) * channels);
        var sourceColumn = ScratchBuffer.Ints(0, width + (2 * radius));
        for (var x = 0; x < width + (2 * radius); x++)
        {
            sourceColumn[x] = BorderIndex.Map(x - radius, width, mode);
        }

        var heapTaps = tapCount > MaxStackTaps ? new nint[tapCount] : null;
        Span<nint> stackTaps = heapTaps is null ? stackalloc nint[tapCount] : default;
        fixed (double* w = halfKernel)
        fixed (double* ext = extended)
        fixed (nint* heapPtr = heapTaps)
        fixed (nint* stackPtr = stackTaps)
        {
            var taps = (double**)(heapPtr != null ? heapPtr : stackPtr);
            for (var t = 0; t < tapCount; t++)
            {
                taps[t] = ext + ((long)t * channels);
            }

            for (var y = 0; y < height; y++)
            {
                var row = source + ((long)y * rowLength);
                for (var x = 0; x < width + (2 * radius); x++)
                {
                    var sx = sourceColumn[x];
                    var e = ext + ((long)x * channels);
                    if (sx < 0)
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            e[c] = constant;
                        }
                    }
                    else
                    {
                        var s = row + ((long)sx * channels);
                        for (var c = 0; c < channels; c++)
                        {
                            e[c] = s[c];
                        }
                    }
                }

                SymmetricCorrelation.Run(destination + ((long)y * rowLength), taps, w, radius, rowLength);
            }
        }
    }
}
