using System.Runtime.InteropServices;

namespace RobustGate.Engine.Cuda;

/// <summary>A loaded native library and where it came from; exports are looked up by name.</summary>
public sealed class LoadedLibrary
{
    internal LoadedLibrary(CudaLibrarySpec spec, string path, nint handle)
    {
        Spec = spec;
        Path = path;
        Handle = handle;
    }

    public CudaLibrarySpec Spec { get; }

    /// <summary>The path or soname that loaded.</summary>
    public string Path { get; }

    internal nint Handle { get; }

    /// <summary>The address of <paramref name="name"/>; a missing export names the library and the function.</summary>
    internal nint Export(string name)
    {
        if (NativeLibrary.TryGetExport(Handle, name, out var address))
        {
            return address;
        }

        throw new CudaUnavailableException($"{Spec.Name} at {Path} has no function {name}; it is too old or not the library expected.");
    }
}
