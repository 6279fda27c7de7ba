namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// How a filter or resampler extends a line past its ends, named as scipy.ndimage names them.
/// Values written for a line "abcd" (n = 4).
/// </summary>
public enum BorderMode
{
    /// <summary>Half-sample symmetric, <c>dcba|abcd|dcba</c> (scipy 'reflect').</summary>
    Reflect,

    /// <summary>Whole-sample symmetric, <c>dcb|abcd|cba</c> (scipy 'mirror', OpenCV BORDER_REFLECT_101).</summary>
    Mirror,

    /// <summary>Edge replication, <c>aaaa|abcd|dddd</c> (scipy 'nearest', OpenCV BORDER_REPLICATE).</summary>
    Nearest,

    /// <summary>A constant value outside, <c>kkkk|abcd|kkkk</c> (scipy 'constant' for filters).</summary>
    Constant,

    /// <summary>Periodic, <c>abcd|abcd|abcd</c> (scipy 'wrap' for filters, 'grid-wrap').</summary>
    Wrap,
}
