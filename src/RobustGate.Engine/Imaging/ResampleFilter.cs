namespace RobustGate.Engine.Imaging;

/// <summary>PIL's resampling filters (<c>Image.Resampling</c>).</summary>
public enum ResampleFilter
{
    Nearest,
    Box,
    Bilinear,
    Hamming,
    Bicubic,
    Lanczos,
}
