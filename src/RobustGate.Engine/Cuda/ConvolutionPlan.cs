using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Cuda;

/// <summary>
/// cuDNN descriptors for one convolution geometry and, per direction, the algorithm chosen once
/// from cuDNN's heuristics: the best-ranked one that succeeds, fits the workspace limit, is
/// deterministic (unless allowed otherwise) and uses FMA math (unless TF32 is allowed). The
/// choice depends only on the geometry, the device and the library, so a run repeats exactly.
/// </summary>
internal sealed class ConvolutionPlan
{
    private readonly CudaDevice device;
    private readonly (int Algorithm, int MathType, long Workspace)?[] chosen = new (int, int, long)?[3];

    public ConvolutionPlan(CudaDevice device, ConvGeometry g)
    {
        this.device = device;
        var cudnn = device.Cudnn;
        Input = cudnn.TensorDescriptor(g.Batch, g.InChannels, g.InH, g.InW);
        Output = cudnn.TensorDescriptor(g.Batch, g.OutChannels, g.OutH, g.OutW);
        Filter = cudnn.FilterDescriptor(g.OutChannels, g.InChannelsPerGroup, g.KernelH, g.KernelW);
        Convolution = cudnn.ConvolutionDescriptor(g.PadH, g.PadW, g.StrideH, g.StrideW, g.DilationH, g.DilationW, g.Groups, PreferredMath);
    }

    public nint Input { get; }

    public nint Output { get; }

    public nint Filter { get; }

    public nint Convolution { get; }

    private int PreferredMath => device.Options.AllowTf32 ? CudnnApi.TensorOpMath : CudnnApi.FmaMath;

    /// <summary>The algorithm and workspace for <paramref name="direction"/>; sets the descriptor's math type to match.</summary>
    public (int Algorithm, long Workspace) Prepare(ConvolutionDirection direction)
    {
        var index = (int)direction;
        if (chosen[index] is not { } choice)
        {
            choice = Choose(direction);
            chosen[index] = choice;
        }

        device.Cudnn.SetMathType(Convolution, choice.MathType);
        return (choice.Algorithm, choice.Workspace);
    }

    private (int Algorithm, int MathType, long Workspace) Choose(ConvolutionDirection direction)
    {
        var cudnn = device.Cudnn;
        var options = device.Options;
        cudnn.SetMathType(Convolution, PreferredMath);
        var candidates = cudnn.Candidates(direction, device.CudnnHandle, Input, Filter, Convolution, Output);
        foreach (var c in candidates)
        {
            var mathOk = options.AllowTf32 || c.MathType is CudnnApi.FmaMath;
            if (c.Status == 0 && mathOk && (!options.Deterministic || c.Determinism == CudnnApi.Deterministic) && (long)c.Memory <= options.MaxWorkspaceBytes)
            {
                cudnn.SetMathType(Convolution, c.MathType);
                var workspace = cudnn.WorkspaceSize(direction, device.CudnnHandle, Input, Filter, Convolution, Output, c.Algorithm);
                return (c.Algorithm, c.MathType, workspace);
            }
        }

        var listed = string.Join(", ", candidates.Select(c => $"algo {c.Algorithm} (status {c.Status}, math {c.MathType}, deterministic {c.Determinism}, {c.Memory} B)"));
        throw new CudaException("cuDNN", $"choosing a {direction} algorithm", 0, $"no candidate is usable under {options}: {listed}");
    }
}
