using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// The five frost photographs frost draws from (frost1.png … frost5.jpg; frost6.jpg is listed by the
/// reference but never drawn), decoded once per folder and kept as RGB (OpenCV's imread drops the
/// PNGs' all-opaque alpha, as here). Without a folder, every slot holds one procedural texture.
/// </summary>
internal sealed class FrostTextures
{
    /// <summary>File names in the reference's order; the draw <c>randint(5)</c> indexes this list.</summary>
    public static readonly string[] FileNames = ["frost1.png", "frost2.png", "frost3.png", "frost4.jpg", "frost5.jpg"];

    private static readonly ConcurrentDictionary<string, FrostTextures> ByFolder = new(StringComparer.Ordinal);
    private static readonly Lazy<FrostTextures> ProceduralSet = new(() => new FrostTextures(Enumerable.Repeat(CreateProcedural(), 5).ToArray()));

    private FrostTextures(Image[] textures)
    {
        Textures = textures;
    }

    public IReadOnlyList<Image> Textures { get; }

    public static FrostTextures Procedural => ProceduralSet.Value;

    public static FrostTextures Load(string folder) => ByFolder.GetOrAdd(Path.GetFullPath(folder), f => new FrostTextures(FileNames.Select(n => Decode(Path.Combine(f, n))).ToArray()));

    private static Image Decode(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigurationException($"Frost texture '{path}' not found: the frost folder must hold {string.Join(", ", FileNames)} (imagecorruptions' textures).", path);
        }

        var bytes = File.ReadAllBytes(path);
        Image image;
        if (PngDecoder.IsPng(bytes))
        {
            image = PngDecoder.Decode(bytes, path);
        }
        else if (JpegDecoder.IsJpeg(bytes))
        {
            image = JpegDecoder.Decode(bytes, path);
        }
        else
        {
            throw new InvalidInputException("a frost texture must be a PNG or JPEG file.", path);
        }

        return RgbConversion.ToRgb(image);
    }

    /// <summary>
    /// The documented stand-in when no texture folder is given: a 1024×1024 float64 plasma fractal
    /// (this class's diamond-square, wibble decay 1.6, generator seeded with 0x46524F53 "FROS"),
    /// mapped to 255·(0.15 + 0.85·p²) and tinted cold (R ×0.86, G ×0.94, B ×1). It has the
    /// photographs' role — bright, blotchy, larger than any crop — but not their look.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Image CreateProcedural()
    {
        const int side = 1024;
        var map = new double[side * side];
        PlasmaFractal.Generate<double>(map, side, 1.6, new NumpyRandom(0x46524F53));
        var image = new Image(side, side, 3);
        var px = image.Pixels;
        for (var i = 0; i < map.Length; i++)
        {
            var v = 255.0 * (0.15 + (0.85 * map[i] * map[i]));
            px[(i * 3) + 0] = (byte)(v * 0.86);
            px[(i * 3) + 1] = (byte)(v * 0.94);
            px[(i * 3) + 2] = (byte)v;
        }

        return image;
    }
}
