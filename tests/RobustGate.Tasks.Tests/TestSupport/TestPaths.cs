using System.Reflection;
using System.Xml.Linq;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>Places in the repository the packaging tests read, and the build configuration they were built in.</summary>
internal static class TestPaths
{
    public static string Repository => SharedData.RepositoryRoot;

    public static string Workflows => Path.Combine(Repository, ".github", "workflows");

    public static string CompositeAction => Path.Combine(Repository, ".github", "actions", "robustgate", "action.yml");

    public static string Samples => Path.Combine(Repository, "samples");

    public static string Readme => Path.Combine(Repository, "README.md");

    /// <summary>Release or Debug: the packages are packed from the outputs this test run already built.</summary>
    public static string Configuration =>
        typeof(TestPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>VersionPrefix in Directory.Build.props: the one place the package version is set.</summary>
    public static string PackageVersion =>
        XDocument.Load(Path.Combine(Repository, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value.Trim();

    public static void CopyDirectory(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, directory);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "robustgate-report"))
            {
                continue;
            }

            Directory.CreateDirectory(Path.Combine(target, relative));
        }

        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "robustgate-report"))
            {
                continue;
            }

            File.Copy(file, Path.Combine(target, relative), overwrite: true);
        }
    }
}
