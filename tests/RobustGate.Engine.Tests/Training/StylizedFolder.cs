using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Training;

/// <summary>
/// A temporary stylized-image folder for ANT+SIN tests: one class folder per class ("a", "b", …),
/// each holding <c>perClass</c> PNGs of one uniform RGB colour each, so every stylized image is
/// recognisable after grey conversion and resizing (a uniform image stays uniform).
/// </summary>
internal sealed class StylizedFolder : IDisposable
{
    public StylizedFolder(int classes, int perClass, int width, int height)
    {
        Root = Path.Combine(Path.GetTempPath(), $"rg-sin-{Guid.NewGuid():N}");
        for (var c = 0; c < classes; c++)
        {
            var folder = Path.Combine(Root, ((char)('a' + c)).ToString());
            Directory.CreateDirectory(folder);
            for (var k = 0; k < perClass; k++)
            {
                var (r, g, b) = Colour(c, k);
                var image = new Image(width, height, 3);
                for (var i = 0; i < width * height; i++)
                {
                    image.Pixels[3 * i] = r;
                    image.Pixels[(3 * i) + 1] = g;
                    image.Pixels[(3 * i) + 2] = b;
                }

                ImageFile.Save(Path.Combine(folder, $"{k:D3}.png"), image);
            }
        }
    }

    public string Root { get; }

    /// <summary>The colour of image <paramref name="k"/> of class <paramref name="c"/>.</summary>
    public static (byte R, byte G, byte B) Colour(int c, int k) => ((byte)(20 + (60 * c) + (7 * k)), (byte)(200 - (50 * c)), (byte)(30 + (11 * k)));

    /// <summary>The grey value (0..1) a 1-channel training run sees for that image.</summary>
    public static float Grey(int c, int k)
    {
        var (r, g, b) = Colour(c, k);
        return ColorConversion.Luma(r, g, b) / 255f;
    }

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
