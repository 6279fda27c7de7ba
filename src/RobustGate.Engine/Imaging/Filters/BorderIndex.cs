namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// Maps an index outside [0, length) to the sample a border mode reads there. Equivalent to scipy's
/// line extension (NI_ExtendLine), which is periodic for every mode, so it holds for any distance —
/// kernels wider than the image (elastic_transform's sigma of 170 px on 224 px) rely on that.
/// </summary>
internal static class BorderIndex
{
    /// <summary>The source index, or -1 where <see cref="BorderMode.Constant"/> supplies its value.</summary>
    public static int Map(int index, int length, BorderMode mode)
    {
        if ((uint)index < (uint)length)
        {
            return index;
        }

        switch (mode)
        {
            case BorderMode.Nearest:
                return index < 0 ? 0 : length - 1;
            case BorderMode.Constant:
                return -1;
            case BorderMode.Wrap:
                return PositiveModulo(index, length);
            case BorderMode.Reflect:
                {
                    var period = 2 * length;
                    var m = PositiveModulo(index, period);
                    return m < length ? m : period - 1 - m;
                }

            case BorderMode.Mirror:
                {
                    if (length == 1)
                    {
                        return 0;
                    }

                    var period = (2 * length) - 2;
                    var m = PositiveModulo(index, period);
                    return m < length ? m : period - m;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown border mode.");
        }
    }

    private static int PositiveModulo(int value, int modulus)
    {
        var m = value % modulus;
        return m < 0 ? m + modulus : m;
    }
}
