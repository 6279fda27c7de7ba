namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// Per-thread working arrays that grow and are then reused: fresh memory is expensive to touch on
/// the target machines, and the filters run once per image in tight evaluation loops.
/// </summary>
internal static class ScratchBuffer
{
    [ThreadStatic]
    private static double[]?[]? doubleSlots;

    [ThreadStatic]
    private static int[]?[]? intSlots;

    [ThreadStatic]
    private static float[]?[]? singleSlots;

    /// <summary>A reusable array of at least <paramref name="length"/> elements; contents are undefined.</summary>
    /// <param name="slot">Which of the thread's buffers (0..7): buffers live at the same time need different slots.</param>
    public static double[] Doubles(int slot, int length)
    {
        doubleSlots ??= new double[]?[8];
        var buffer = doubleSlots[slot];
        if (buffer is null || buffer.Length < length)
        {
            buffer = new double[Math.Max(length, 64)];
            doubleSlots[slot] = buffer;
        }

        return buffer;
    }

    /// <summary>A reusable float array of at least <paramref name="length"/> elements; contents are undefined.</summary>
    public static float[] Singles(int slot, int length)
    {
        singleSlots ??= new float[]?[8];
        var buffer = singleSlots[slot];
        if (buffer is null || buffer.Length < length)
        {
            buffer = new float[Math.Max(length, 64)];
            singleSlots[slot] = buffer;
        }

        return buffer;
    }

    /// <summary>A reusable int array of at least <paramref name="length"/> elements; contents are undefined.</summary>
    public static int[] Ints(int slot, int length)
    {
        intSlots ??= new int[]?[8];
        var buffer = intSlots[slot];
        if (buffer is null || buffer.Length < length)
        {
            buffer = new int[Math.Max(length, 64)];
            intSlots[slot] = buffer;
        }

        return buffer;
    }
}
