namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>
/// Packs RobustGate.Tool and RobustGate.Tasks (from the outputs this test run built) into a
/// temporary folder feed, once for every end-to-end test. Children get their own NuGet package
/// folder, so a package of the same version restored earlier on this machine can never stand in
/// for the one just packed; the default sources stay configured, as on a user's machine.
/// </summary>
public sealed class PackageFeedFixture : IDisposable
{
    public PackageFeedFixture()
    {
        Root = Directory.CreateTempSubdirectory("rg-pack-").FullName;
        Feed = Path.Combine(Root, "feed");
        Environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = Path.Combine(Root, "nuget-packages"),
            ["DOTNET_CLI_HOME"] = Path.Combine(Root, "cli-home"),
        };
        Version = TestPaths.PackageVersion;
        foreach (var project in new[] { "src/RobustGate.Tool/RobustGate.Tool.csproj", "src/RobustGate.Tasks/RobustGate.Tasks.csproj" })
        {
            var pack = ProcessRunner.Dotnet(TestPaths.Repository, Environment,
                "pack", Path.Combine(TestPaths.Repository, project), "-c", TestPaths.Configuration, "--no-build", "-o", Feed, "-nodeReuse:false");
            if (pack.ExitCode != 0)
            {
                throw new InvalidOperationException("dotnet pack failed:\n" + pack);
            }
        }
    }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    /// <summary>Environment of every child process: the isolated package folder and CLI home.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; }

    public string ToolPackage => Path.Combine(Feed, $"RobustGate.Tool.{Version}.nupkg");

    public string TasksPackage => Path.Combine(Feed, $"RobustGate.Tasks.{Version}.nupkg");

    /// <summary>A fresh folder under this fixture's root.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A copy of samples/ whose NuGet.config points at this fixture's feed.</summary>
    public string CopySamples(string name)
    {
        var target = NewFolder(name);
        TestPaths.CopyDirectory(TestPaths.Samples, target);
        var config = Path.Combine(target, "NuGet.config");
        File.WriteAllText(config, File.ReadAllText(config).Replace("../artifacts/packages", Feed, StringComparison.Ordinal));
        return target;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeedFixture>
{
    public const string Name = "package feed";
}
