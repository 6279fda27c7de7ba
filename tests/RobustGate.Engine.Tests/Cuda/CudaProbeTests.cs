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
            var spec = new CudaLibrarySpec("Test library", ["libnotcuda.so.1", "libnotcuda.so"]);
            string? Environment(string name) => name == CudaLibraryProbe.PathVariable ? folder : null;
            var candidates = CudaLibraryProbe.Candidates(spec, Environment).ToList();
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
