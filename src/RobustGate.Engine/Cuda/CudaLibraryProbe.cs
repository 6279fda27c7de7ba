using System.Runtime.InteropServices;

namespace RobustGate.Engine.Cuda;

/// <summary>
/// Finds and loads the CUDA libraries every GPU runner has (the driver's libcuda, NVRTC, cuBLAS,
/// cuDNN) without build-time dependencies. Each library is tried, by each of its sonames, in: the
/// folders of <c>ROBUSTGATE_CUDA_PATH</c> (':'-separated), the dynamic loader's own search
/// (LD_LIBRARY_PATH, ldconfig), CUDA_PATH/CUDA_HOME, the usual toolkit and driver folders, and the
/// <c>nvidia/*/lib</c> folders of Python installs (PyTorch's wheels carry cuBLAS and cuDNN there).
/// When nothing loads, the error lists every place tried.
/// </summary>
public static class CudaLibraryProbe
{
    public const string PathVariable = "ROBUSTGATE_CUDA_PATH";

    /// <summary>The driver API (ships with the NVIDIA driver, not the toolkit).</summary>
    public static readonly CudaLibrarySpec Driver = new("CUDA driver", ["libcuda.so.1", "libcuda.so"]);

    public static readonly CudaLibrarySpec Nvrtc = new("NVRTC", ["libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"]);

    public static readonly CudaLibrarySpec Cublas = new("cuBLAS", ["libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so"]);

    public static readonly CudaLibrarySpec Cudnn = new("cuDNN", ["libcudnn.so.9", "libcudnn.so.8", "libcudnn.so"]);

    /// <summary>Loads <paramref name="spec"/> or throws <see cref="CudaUnavailableException"/> listing what was tried.</summary>
    public static LoadedLibrary Load(CudaLibrarySpec spec) => Load(spec, Environment.GetEnvironmentVariable);

    internal static LoadedLibrary Load(CudaLibrarySpec spec, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!OperatingSystem.IsLinux())
        {
            throw new CudaUnavailableException($"The CUDA backend supports Linux only; this is {RuntimeInformation.OSDescription}. Run with --device cpu.");
        }

        var tried = new List<string>();
        foreach (var candidate in Candidates(spec, environment))
        {
            tried.Add(candidate);
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return new LoadedLibrary(spec, candidate, handle);
            }
        }

        throw new CudaUnavailableException(
            $"{spec.Name} ({string.Join(", ", spec.FileNames)}) could not be loaded. Tried:{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", tried)
            + $"{Environment.NewLine}and found no such file in: {string.Join(", ", StandardFolders(environment))}"
            + $"{Environment.NewLine}Set {PathVariable} to the folder that holds it, or run with --device cpu.");
    }

    /// <summary>Every path (or bare soname, for the dynamic loader's own search) tried, in order.</summary>
    internal static IEnumerable<string> Candidates(CudaLibrarySpec spec, Func<string, string?> environment)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in SplitPath(environment(PathVariable)))
        {
            foreach (var name in spec.FileNames)
            {
                var path = Path.Combine(folder, name);
                if (seen.Add(path))
                {
                    yield return path;
                }
            }
        }

        foreach (var name in spec.FileNames)
        {
            if (seen.Add(name))
            {
                yield return name;
            }
        }

        foreach (var folder in StandardFolders(environment))
        {
            foreach (var name in spec.FileNames)
            {
                var path = Path.Combine(folder, name);
                if (seen.Add(path) && File.Exists(path))
                {
                    yield return path;
                }
            }
        }
    }

    private static IEnumerable<string> StandardFolders(Func<string, string?> environment)
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

    /// <summary>nvidia/*/lib under the site-packages of system, user and virtual-environment Pythons.</summary>
    private static IEnumerable<string> PythonNvidiaFolders(Func<string, string?> environment)
    {
        var sites = new List<string>();
        foreach (var pattern in new[] { "/usr/lib/python3*/*-packages", "/usr/local/lib/python3*/*-packages", "/opt/*/lib/python3*/site-packages", "/opt/*/.venv/lib/python3*/site-packages" })
        {
            sites.AddRange(Glob(pattern));
        }

        if (environment("VIRTUAL_ENV") is { Length: > 0 } venv)
        {
            sites.AddRange(Glob(Path.Combine(venv, "lib/python3*/site-packages")));
        }

        if (environment("HOME") is { Length: > 0 } home)
        {
            sites.AddRange(Glob(Path.Combine(home, ".local/lib/python3*/site-packages")));
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

    /// <summary>Expands '*' in any path segment (no recursion), in ordinal order.</summary>
    private static IEnumerable<string> Glob(string pattern)
    {
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        IEnumerable<string> current = [pattern.StartsWith('/') ? "/" : "."];
        foreach (var part in parts)
        {
            var next = new List<string>();
            foreach (var folder in current)
            {
                if (!part.Contains('*', StringComparison.Ordinal))
                {
                    var path = Path.Combine(folder, part);
                    if (Directory.Exists(path))
                    {
                        next.Add(path);
                    }

                    continue;
                }

                try
                {
                    next.AddRange(Directory.EnumerateDirectories(folder, part).Order(StringComparer.Ordinal));
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

    private static IEnumerable<string> SplitPath(string? value)
        => string.IsNullOrWhiteSpace(value) ? [] : value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
