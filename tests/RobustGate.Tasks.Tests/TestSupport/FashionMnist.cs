namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>The sample model is checked on Debian's dataset-fashion-mnist, which .ci/run installs.</summary>
internal static class FashionMnist
{
    public const string Directory = "/usr/share/datasets/fashion-mnist";

    public static void Require() =>
        Assert.True(System.IO.Directory.Exists(Directory), $"Debian's dataset-fashion-mnist is not installed at {Directory} (.ci/run installs it); the sample cannot be checked.");
}
