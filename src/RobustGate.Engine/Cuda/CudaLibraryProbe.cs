using System.Runtime.InteropServices;

namespace RobustGate.Engine.Cuda;

/// <summary>
/// Finds and loads the CUDA libraries every GPU runner has (the driver's libcuda, NVRTC, cuBLAS,
/// cuDNN) without build-time dependencies. Each library is tried, by each of its file names, in:
/// the folders of <c>ROBUSTGATE_CUDA_PATH</c> (':'-separated on Linux, ';' on Windows), the
/// loader's own search (LD_LIBRARY_PATH and ldconfig; on Windows the application folder, System32
/// and PATH), CUDA_PATH/CUDA_HOME (and Windows' CUDA_PATH_Vxx_y), the usual toolkit, cuDNN and
/// driver folders, and the <c>nvidia/*/lib</c> (Windows: <c>nvidia\*in</c>) folders of Python
/// installs, where PyTorch's wheels carry cuBLAS and cuDNN. When nothing loads, the error lists
/// every place tried. On Windows, .NET loads an absolute path with the DLL's own folder searched
/// first for its dependencies, so cuBLAS finds cublasLt beside it.
/// </summary>
public static class CudaLibraryProbe
{
    public const string PathVariable = "ROBUSTGATE_CUDA_PATH";

    /// <summary>The driver API (ships with the NVIDIA driver, not the toolkit).</summary>
    public static readonly CudaLibrarySpec Driver = new("CUDA driver", ["libcuda.so.1", "libcuda.so"], ["nvcuda.dll"]);

    public static readonly CudaLibrarySpec Nvrtc = new(
        "NVRTC",
        ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"],
        ["nvrtc64_130_0.dll", "nvrtc64_120_0.dll", "nvrtc64_112_0.dll"]);

    public static readonly CudaLibrarySpec Cublas = new(
        "cuBLAS",
        ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"],
        ["cublas64_13.dll", "cublas64_12.dll", "cublas64_11.dll"]);

    public static readonly CudaLibrarySpec Cudnn = new("cuDNN", ["libcudnn.so.9", "libcudnn.so.8", "libcudnn.so"], ["cudnn64_9.dll", "cudnn64_8.dll"]);

    /// <summary>The platform this process runs on, or null where the CUDA backend is not offered.</summary>
    private static CudaPlatform? CurrentPlatform
        => RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64)
            ? null
            : OperatingSystem.IsLinux() ? CudaPlatform.Linux : OperatingSystem.IsWindows() ? CudaPlatform.Windows : null;

    /// <summary>Loads <paramref name="spec"/> or throws <see cref="CudaUnavailableException"/> listing what was tried.</summary>
    public static LoadedLibrary Load(CudaLibrarySpec spec) => Load(spec, Environment.GetEnvironmentVariable);

    internal static LoadedLibrary Load(CudaLibrarySpec spec, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (CurrentPlatform is not { } platform)
        {
            throw new CudaUnavailableException($"The CUDA backend runs on Linux and Windows (x64, arm64); this is {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}. Run with --device cpu.");
        }

        var fileNames = spec.FileNames(platform);
        var tried = new List<string>();
        foreach (var candidate in Candidates(spec, environment, platform))
        {
            tried.Add(candidate);
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return new LoadedLibrary(spec, candidate, handle);
            }
        }

        throw new CudaUnavailableException(
            $"{spec.Name} ({string.Join(", ", fileNames)}) could not be loaded. Tried:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", tried)
            + $"{Environment.NewLine}and found no such file in: {string.Join(", ", StandardFolders(environment, platform))}"
            + $"{Environment.NewLine}Set {PathVariable} to the folder that holds it, or run with --device cpu.");
    }

    /// <summary>Every path (or bare soname, for the dynamic loader's own search) tried, in order.</summary>
    internal static IEnumerable<string> Candidates(CudaLibrarySpec spec, Func<string, string?> environment, CudaPlatform platform)
    {
        var names = spec.FileNames(platform);
        var seen = new HashSet<string>(platform == CudaPlatform.Windows ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var folder in SplitPath(environment(PathVariable), platform))
        {
            foreach (var name in names)
            {
                var path = Join(platform, folder, name);
                if (seen.Add(path))
                {
                    yield return path;
                }
            }
        }

        foreach (var name in names)
        {
            if (seen.Add(name))
            {
                yield return name;
            }
        }

        foreach (var folder in StandardFolders(environment, platform))
        {
            foreach (var name in names)
            {
                var path = Join(platform, folder, name);
                if (seen.Add(path) && File.Exists(path))
                {
                    yield return path;
                }
            }
        }
    }

    internal static IEnumerable<string> StandardFolders(Func<string, string?> environment, CudaPlatform platform)
        => platform == CudaPlatform.Windows ? WindowsFolders(environment) : LinuxFolders(environment);

    private static IEnumerable<string> LinuxFolders(Func<string, string?> environment)
    {
        foreach (var variable in new[] { "CUDA_PATH", "CUDA_HOME" })
        {
            if (environment(variable) is { Length: > 0 } root)
            {
                yield return Path.Combine(root, "lib64");
                yield return Path.Combine(root, "targets", "x86_64-linux", "lib");
            }
        }

        yield return "/usr/local/cuda/lib64";
        yield return "/usr/local/cuda/targets/x86_64-linux/lib";
        yield return "/usr/local/nvidia/lib64";
        yield return "/usr/lib/x86_64-linux-gnu";
        yield return "/usr/lib64";
        yield return "/usr/lib/wsl/lib";
        foreach (var folder in PythonNvidiaFolders(environment))
        {
            yield return folder;
        }
    }

    /// <summary>
    /// The toolkit installer's bin (CUDA 13 moved the DLLs to bin\x64), the cuDNN installer's
    /// <c>CUDNN\v9.x\bin\&lt;cuda&gt;[\x64]</c>, System32 (the driver) and Python's nvidia wheels.
    /// </summary>
    private static IEnumerable<string> WindowsFolders(Func<string, string?> environment)
    {
        const CudaPlatform W = CudaPlatform.Windows;
        var roots = new List<string>();
        foreach (var variable in new[] { "CUDA_PATH", "CUDA_HOME" })
        {
            if (environment(variable) is { Length: > 0 } root)
            {
                roots.Add(root);
            }
        }

        var programFiles = environment("ProgramFiles") is { Length: > 0 } pf ? pf : @"C:\Program Files";
        roots.AddRange(Glob(Join(W, programFiles, @"NVIDIA GPU Computing Toolkit\CUDA\v*"), W).Reverse());
        foreach (var root in roots.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            yield return Join(W, root, @"bin\x64");
            yield return Join(W, root, "bin");
        }

        foreach (var cudnn in Glob(Join(W, programFiles, @"NVIDIA\CUDNN\v*"), W).Reverse())
        {
            // Newest CUDA version first, its x64 subfolder (cuDNN 9.x's later layout) before the folder itself.
            foreach (var folder in Glob(Join(W, cudnn, @"bin\*\x64"), W).Reverse().Concat(Glob(Join(W, cudnn, @"bin\*"), W).Reverse()))
            {
                yield return folder;
            }

            yield return Join(W, cudnn, "bin");
        }

        yield return Join(W, environment("SystemRoot") is { Length: > 0 } windows ? windows : @"C:\Windows", "System32");
        var sites = new List<string>();
        if (environment("VIRTUAL_ENV") is { Length: > 0 } venv)
        {
            sites.Add(Join(W, venv, @"Lib\site-packages"));
        }

        if (environment("LOCALAPPDATA") is { Length: > 0 } local)
        {
            sites.AddRange(Glob(Join(W, local, @"Programs\Python\Python3*\Lib\site-packages"), W));
        }

        if (environment("APPDATA") is { Length: > 0 } roaming)
        {
            sites.AddRange(Glob(Join(W, roaming, @"Python\Python3*\site-packages"), W));
        }

        foreach (var site in sites)
        {
            foreach (var folder in Glob(Join(W, site, @"nvidia\*\bin"), W))
            {
                yield return folder;
            }
        }
    }

    /// <summary>nvidia/*/lib under the site-packages of system, user and virtual-environment Pythons.</summary>
    private static IEnumerable<string> PythonNvidiaFolders(Func<string, string?> environment)
    {
        var sites = new List<string>();
        foreach (var pattern in new[] { "/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages", "/opt/*/lib/python3*/site-packages", "/opt/*/.venv/lib/python3*/site-packages" })
        {
            sites.AddRange(Glob(pattern, CudaPlatform.Linux));
        }

        if (environment("VIRTUAL_ENV") is { Length: > 0 } venv)
        {
            sites.AddRange(Glob(Path.Combine(venv, "lib/python3*/site-packages"), CudaPlatform.Linux));
        }

        if (environment("HOME") is { Length: > 0 } home)
        {
            sites.AddRange(Glob(Path.Combine(home, ".local/lib/python3*/site-packages"), CudaPlatform.Linux));
        }

        foreach (var site in sites)
        {
            var nvidia = Path.Combine(site, "nvidia");
            if (!Directory.Exists(nvidia))
            {
                continue;
            }

            foreach (var package in Directory.EnumerateDirectories(nvidia).Order(StringComparer.Ordinal))
            {
                var lib = Path.Combine(package, "lib");
                if (Directory.Exists(lib))
                {
                    yield return lib;
                }
            }
        }
    }

    /// <summary>Expands '*' in any path segment (no recursion), in ordinal order; a Windows pattern splits on both separators and keeps its drive.</summary>
    private static IEnumerable<string> Glob(string pattern, CudaPlatform platform)
    {
        var separators = platform == CudaPlatform.Windows ? new[] { '\\', '/' } : ['/'];
        var parts = pattern.Split(separators, StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<string> current;
        if (platform == CudaPlatform.Windows && parts.Length > 0 && parts[0].EndsWith(':'))
        {
            current = [parts[0] + "\\"];
            parts = parts[1..];
        }
        else
        {
            current = [pattern.StartsWith('/') ? "/" : "."];
        }

        foreach (var part in parts)
        {
            var next = new List<string>();
            foreach (var folder in current)
            {
                if (!part.Contains('*', StringComparison.Ordinal))
                {
                    var path = Join(platform, folder, part);
                    if (Directory.Exists(path))
                    {
                        next.Add(path);
                    }

                    continue;
                }

                try
                {
                    if (Directory.Exists(folder))
                    {
                        next.AddRange(Directory.EnumerateDirectories(folder, part).Order(StringComparer.Ordinal));
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // An unreadable folder holds nothing we can load.
                }
            }

            current = next;
        }

        return current;
    }

    /// <summary>Joins with the platform's separator, so Windows candidates read right in errors and tests on any host.</summary>
    private static string Join(CudaPlatform platform, string folder, string name)
        => platform == CudaPlatform.Windows
            ? folder.TrimEnd('\\', '/') + "\\" + name
            : Path.Combine(folder, name);

    private static IEnumerable<string> SplitPath(string? value, CudaPlatform platform)
        => string.IsNullOrWhiteSpace(value)
            ? []
            : value.Split(platform == CudaPlatform.Windows ? ';' : ':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
