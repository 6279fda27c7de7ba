using System.Runtime.InteropServices;
using System.Text;

namespace RobustGate.Engine.Cuda;

/// <summary>
/// NVRTC: compiles the backend's CUDA C source (embedded in the assembly) to PTX at run time, for
/// the device's compute capability, so no nvcc is needed at build time.
/// </summary>
internal sealed unsafe class NvrtcApi
{
    private readonly delegate* unmanaged<int*, int*, int> nvrtcVersion;
    private readonly delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int> nvrtcCreateProgram;
    private readonly delegate* unmanaged<nint, int, byte**, int> nvrtcCompileProgram;
    private readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetPTXSize;
    private readonly delegate* unmanaged<nint, byte*, int> nvrtcGetPTX;
    private readonly delegate* unmanaged<nint, nuint*, int> nvrtcGetProgramLogSize;
    private readonly delegate* unmanaged<nint, byte*, int> nvrtcGetProgramLog;
    private readonly delegate* unmanaged<nint*, int> nvrtcDestroyProgram;

    public NvrtcApi(LoadedLibrary library)
    {
        Library = library;
        nvrtcVersion = (delegate* unmanaged<int*, int*, int>)library.Export("nvrtcVersion");
        nvrtcCreateProgram = (delegate* unmanaged<nint*, byte*, byte*, int, byte**, byte**, int>)library.Export("nvrtcCreateProgram");
        nvrtcCompileProgram = (delegate* unmanaged<nint, int, byte**, int>)library.Export("nvrtcCompileProgram");
        nvrtcGetPTXSize = (delegate* unmanaged<nint, nuint*, int>)library.Export("nvrtcGetPTXSize");
        nvrtcGetPTX = (delegate* unmanaged<nint, byte*, int>)library.Export("nvrtcGetPTX");
        nvrtcGetProgramLogSize = (delegate* unmanaged<nint, nuint*, int>)library.Export("nvrtcGetProgramLogSize");
        nvrtcGetProgramLog = (delegate* unmanaged<nint, byte*, int>)library.Export("nvrtcGetProgramLog");
        nvrtcDestroyProgram = (delegate* unmanaged<nint*, int>)library.Export("nvrtcDestroyProgram");
    }

    public LoadedLibrary Library { get; }

    public (int Major, int Minor) Version()
    {
        int major, minor;
        Check(nvrtcVersion(&major, &minor), "nvrtcVersion");
        return (major, minor);
    }

    /// <summary>Compiles <paramref name="source"/> to NUL-terminated PTX; a compile error carries NVRTC's log.</summary>
    public byte[] CompileToPtx(string source, string name, IReadOnlyList<string> options)
    {
        var src = Encoding.UTF8.GetBytes(source + "\0");
        var nm = Encoding.UTF8.GetBytes(name + "\0");
        var opts = options.Select(o => Encoding.UTF8.GetBytes(o + "\0")).ToArray();
        var handles = opts.Select(o => GCHandle.Alloc(o, GCHandleType.Pinned)).ToArray();
        try
        {
            var pointers = stackalloc byte*[opts.Length];
            for (var i = 0; i < opts.Length; i++)
            {
                pointers[i] = (byte*)handles[i].AddrOfPinnedObject();
            }

            nint program;
            fixed (byte* s = src, n = nm)
            {
                Check(nvrtcCreateProgram(&program, s, n, 0, null, null), "nvrtcCreateProgram");
            }

            try
            {
                var status = nvrtcCompileProgram(program, opts.Length, pointers);
                if (status != 0)
                {
                    throw new CudaException("NVRTC", "nvrtcCompileProgram", status, Log(program));
                }

                nuint size;
                Check(nvrtcGetPTXSize(program, &size), "nvrtcGetPTXSize");
                var ptx = new byte[(int)size];
                fixed (byte* p = ptx)
                {
                    Check(nvrtcGetPTX(program, p), "nvrtcGetPTX");
                }

                return ptx;
            }
            finally
            {
                nvrtcDestroyProgram(&program);
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                h.Free();
            }
        }
    }

    private string Log(nint program)
    {
        nuint size;
        if (nvrtcGetProgramLogSize(program, &size) != 0 || size == 0)
        {
            return string.Empty;
        }

        var log = new byte[(int)size];
        fixed (byte* p = log)
        {
            nvrtcGetProgramLog(program, p);
        }

        return Encoding.UTF8.GetString(log).TrimEnd('\0').Trim();
    }

    private static void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new CudaException("NVRTC", call, status);
        }
    }
}
