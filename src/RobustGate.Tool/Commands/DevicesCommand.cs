using System.CommandLine;
using System.Globalization;
using System.Runtime.Intrinsics;
using RobustGate.Engine.Cuda;

namespace RobustGate.Tool.Commands;

/// <summary><c>robustgate devices</c>: the CPU and the CUDA devices this machine offers, or why it offers none.</summary>
internal static class DevicesCommand
{
    public static Command Create(ToolConsole console)
    {
        var command = new Command("devices", "List the devices kernels can run on: the CPU, and CUDA devices with the libraries found.");
        command.SetAction(_ =>
        {
            var simd = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "scalar";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cpu      {Environment.ProcessorCount} logical cores, {simd} kernels"));
            if (!CudaDevice.TryOpen(0, out var first, out var reason))
            {
                console.WriteLine($"cuda     none: {reason}");
                return 0;
            }

            var device = first!;
            console.WriteLine(device.ToString());
            foreach (var (library, path) in device.Libraries)
            {
                console.WriteLine($"         {library}: {path}");
            }

            for (var ordinal = 1; CudaDevice.TryOpen(ordinal, out var next, out string? _); ordinal++)
            {
                console.WriteLine(next!.ToString());
            }

            return 0;
        });
        return command;
    }
}
