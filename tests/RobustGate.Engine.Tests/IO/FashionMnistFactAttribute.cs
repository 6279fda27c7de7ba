namespace RobustGate.Engine.Tests.IO;

/// <summary>
/// A fact that needs Debian's dataset-fashion-mnist package (CI installs it); where it is not
/// installed the test is reported as skipped with the reason, not silently passed.
/// </summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(Directory, "t10k-labels-idx1-ubyte.gz")) && !File.Exists(Path.Combine(Directory, "t10k-labels-idx1-ubyte")))
        {
            Skip = $"Fashion-MNIST is not installed at {Directory} (apt-get install dataset-fashion-mnist).";
        }
    }
}
