using RobustGate.Engine.Cuda;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Cuda;

/// <summary>The parts of the CUDA backend that need no GPU: probing, device requests, the kernel source, the allocator's size classes.</summary>
public sealed class CudaProbeTests
{
    [Fact]
    public void Probe_TriesTheOverrideFoldersFirstAndListsEverythingTriedWhenNothingLoads()
    {
        var folder = Directory.CreateTempSubdirectory("rg-cuda-probe").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "libnotcuda.so.1"), "not an ELF file");
            var spec = new CudaLibrarySpec("Test library", ["libnotcuda.so.1", "libnotcuda.so"], ["notcuda64_1.dll"]);
            string? Environment(string name) => name == CudaLibraryProbe.PathVariable ? folder : null;
            var candidates = CudaLibraryProbe.Candidates(spec, Environment, CudaPlatform.Linux).ToList();
            Assert.Equal(Path.Combine(folder, "libnotcuda.so.1"), candidates[0]);
            Assert.Equal(Path.Combine(folder, "libnotcuda.so"), candidates[1]);
            Assert.Contains("libnotcuda.so.1", candidates);

            var error = Assert.Throws<CudaUnavailableException>(() => CudaLibraryProbe.Load(spec, Environment));
            Assert.Equal(ExitCodes.DeviceUnavailable, error.ExitCode);
            Assert.Contains("Test library (libnotcuda.so.1, libnotcuda.so) could not be loaded", error.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(folder, "libnotcuda.so.1"), error.Message, StringComparison.Ordinal);
            Assert.Contains(CudaLibraryProbe.PathVariable, error.Message, StringComparison.Ordinal);
            Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Probe_OnWindows_TriesDllNamesInTheOverrideToolkitCudnnAndDriverFolders()
    {
        var environment = new Dictionary<string, string>
        {
            [CudaLibraryProbe.PathVariable] = @"D:\cuda libs;E:\more",
            ["CUDA_PATH"] = @"C:\CUDA\v13.0",
            ["SystemRoot"] = @"C:\Windows",
        };
        string? Environment(string name) => environment.GetValueOrDefault(name);

        var candidates = CudaLibraryProbe.Candidates(CudaLibraryProbe.Cublas, Environment, CudaPlatform.Windows).ToList();
        Assert.Equal(
            [@"D:\cuda libs\cublas64_13.dll", @"D:\cuda libs\cublas64_12.dll", @"D:\cuda libs\cublas64_11.dll",
             @"E:\more\cublas64_13.dll", @"E:\more\cublas64_12.dll", @"E:\more\cublas64_11.dll",
             "cublas64_13.dll", "cublas64_12.dll", "cublas64_11.dll"],
            candidates); // no standard folder exists on this host, so only the override and the loader's own search remain

        var folders = CudaLibraryProbe.StandardFolders(Environment, CudaPlatform.Windows).ToList();
        Assert.Equal(@"C:\CUDA\v13.0\bin\x64", folders[0]); // CUDA 13 moved the DLLs here
        Assert.Equal(@"C:\CUDA\v13.0\bin", folders[1]);
        Assert.Contains(@"C:\Windows\System32", folders); // nvcuda.dll comes with the driver
    }

    [Theory]
    [InlineData(CudaPlatform.Linux, "libcuda.so.1", "libnvrtc.so.13", "libcublas.so.13", "libcudnn.so.9")]
    [InlineData(CudaPlatform.Windows, "nvcuda.dll", "nvrtc64_130_0.dll", "cublas64_13.dll", "cudnn64_9.dll")]
    public void LibraryNames_PerPlatform_NewestFirst(CudaPlatform platform, string driver, string nvrtc, string cublas, string cudnn)
    {
        Assert.Equal(driver, CudaLibraryProbe.Driver.FileNames(platform)[0]);
        Assert.Equal(nvrtc, CudaLibraryProbe.Nvrtc.FileNames(platform)[0]);
        Assert.Equal(cublas, CudaLibraryProbe.Cublas.FileNames(platform)[0]);
        Assert.Equal(cudnn, CudaLibraryProbe.Cudnn.FileNames(platform)[0]);
    }

    [Fact]
    public void KernelSource_IsEmbeddedAndDefinesEveryKernelTheBackendLaunches()
    {
        var source = CudaKernelModule.Source();
        foreach (var name in CudaKernelModule.KernelNames)
        {
            Assert.Contains($"extern \"C\" __global__ void {name}(", source, StringComparison.Ordinal);
        }

        var backend = File.ReadAllText(Path.Combine(TestSupport.SharedData.RepositoryRoot, "src", "RobustGate.Engine", "Cuda", "CudaBackend.cs"));
        foreach (System.Text.RegularExpressions.Match launched in System.Text.RegularExpressions.Regex.Matches(backend, "Launch\\(\"([a-z_]+)\""))
        {
            Assert.Contains(launched.Groups[1].Value, CudaKernelModule.KernelNames);
        }
    }

    [Theory]
    [InlineData(0, 512)]
    [InlineData(1, 512)]
    [InlineData(512, 512)]
    [InlineData(513, 1024)]
    [InlineData(1 << 20, 1 << 20)]
    [InlineData((1 << 20) + 1, (1 << 20) + (1 << 18))]
    [InlineData(33L << 20, 40L << 20)]
    public void MemoryPool_RoundsUpToItsSizeClasses(long bytes, long expected)
        => Assert.Equal(expected, DeviceMemoryPool.SizeClass(bytes));

    [Theory]
    [InlineData("auto", DeviceKind.Auto, 0)]
    [InlineData("CPU", DeviceKind.Cpu, 0)]
    [InlineData("cuda", DeviceKind.Cuda, 0)]
    [InlineData(" cuda:3 ", DeviceKind.Cuda, 3)]
    public void DeviceRequest_Parses(string text, DeviceKind kind, int ordinal)
        => Assert.Equal(new DeviceRequest(kind, ordinal), DeviceRequest.Parse(text));

    [Theory]
    [InlineData("cdua", "Did you mean 'cuda'")]
    [InlineData("cuda:x", "no device number")]
    [InlineData("cuda:-1", "no device number")]
    public void DeviceRequest_RejectsWithAUsefulMessage(string text, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => DeviceRequest.Parse(text));
        Assert.Equal(ExitCodes.UsageOrConfiguration, error.ExitCode);
        Assert.Contains("--device", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_FallsBackToTheCpuWithTheReasonOrTakesCuda()
    {
        var before = ComputeBackend.Current;
        try
        {
            var active = ComputeDevices.Use(DeviceRequest.Auto);
            if (CudaDevice.TryOpen(0, out _, out var reason))
            {
                Assert.StartsWith("cuda", active.ReportName, StringComparison.Ordinal);
                Assert.Null(active.Note);
            }
            else
            {
                Assert.Equal("cpu", active.ReportName);
                Assert.Same(CpuBackend.Instance, ComputeBackend.Current);
                Assert.Equal($"no CUDA device: {reason}", active.Note);
            }
        }
        finally
        {
            ComputeBackend.Current = before;
        }
    }
}
