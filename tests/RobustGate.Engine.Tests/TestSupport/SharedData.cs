namespace RobustGate.Engine.Tests.TestSupport;

/// <summary>
/// Locates the read-only reference folder (<c>../shared</c> beside the repository root, or
/// <c>ROBUSTGATE_SHARED</c>) that holds PyTorch and reference-corruption outputs.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RootLazy = new(Locate);

    public static string Root => RootLazy.Value;

    public static string RepositoryRoot => FindRepositoryRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Locate()
    {
        var env = Environment.GetEnvironmentVariable("ROBUSTGATE_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(FindRepositoryRoot(), "..", "shared"));
        if (!Directory.Exists(candidate))
        {
            throw new DirectoryNotFoundException($"The shared reference folder was not found at {candidate}; set ROBUSTGATE_SHARED.");
        }

        return candidate;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "RobustGate.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new DirectoryNotFoundException("RobustGate.sln not found above the test binaries.");
    }
}
