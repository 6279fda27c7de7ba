namespace RobustGate.Engine.Imaging;

/// <summary>Chroma subsampling for the JPEG encoder (PIL's <c>subsampling</c> option; 4:4:0 as libjpeg's 1x2).</summary>
public enum JpegSubsampling
{
    /// <summary>4:2:0, libjpeg's and PIL's default: luma sampled 2x2.</summary>
    Yuv420,

    /// <summary>4:2:2: luma sampled 2x1.</summary>
    Yuv422,

    /// <summary>4:4:4: no subsampling.</summary>
    Yuv444,

    /// <summary>4:4:0: luma sampled 1x2.</summary>
    Yuv440,
}
