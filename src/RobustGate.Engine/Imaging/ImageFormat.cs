namespace RobustGate.Engine.Imaging;

/// <summary>The file formats <see cref="ImageFile"/> reads and writes.</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
}
