using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Data;

/// <summary>
/// Stand-ins for encoded images in folder-dataset tests: a "file" is four raw bytes, decoded as a
/// 2x2 gray image, so tests can tell which file a sample came from without a real codec.
/// </summary>
internal static class FakeImageFiles
{
    public static Image Decode(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length != 4)
        {
            throw new InvalidInputException($"fake image must hold 4 bytes, found {bytes.Length}.", path);
        }

        return new Image(2, 2, 1, bytes);
    }

    public static void Write(string root, string relative, byte value)
    {
        string path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [value, value, value, value]);
    }
}
