using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Tests.IO;

/// <summary>Small numpy-made files committed beside these tests (made with numpy 1.24's np.save / format.write_array).</summary>
internal static class IoTestData
{
    public static string Path(string name) => System.IO.Path.Combine(Folder(), "TestData", name);

    private static string Folder([CallerFilePath] string source = "") => System.IO.Path.GetDirectoryName(source)!;
}
