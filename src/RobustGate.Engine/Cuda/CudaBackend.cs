using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Cuda;

/// <summary>
/// The engine's kernel seam on a CUDA device: SGEMM through cuBLAS, convolutions through cuDNN,
/// batch norm, pooling and bias through the NVRTC-compiled kernels in <c>CudaKernels.cu</c>.
/// Tensors live in host memory, so each call copies its operands to pooled device buffers and
/// its results back; keeping tensors on the device between ops is the next step (see the
/// README's GPU section). Calls are serialised: one cuBLAS/cuDNN handle pair per device.
/// </summary>
internal sealed unsafe class CudaBackend : IComputeBackend
{
    private const int Threads = 256;
    private readonly Dictionary<ConvGeometry, ConvolutionPlan> plans = [];
    private readonly Lock gate = new();
    private DeviceBuffer workspace;

    public CudaBackend(CudaDevice device)
    {
        Device = device;
        Name = device.Options.AllowTf32 ? "cuda+tf32" : "cuda";
    }

    public CudaDevice Device { get; }

    public string Name { get; }

    public void Sgemm(Transpose transA, Transpose transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            // No products: C = beta * C, done on the host rather than a cuBLAS call with K = 0.
            Scale(c, m, n, ldc, beta);
            return;
        }

        lock (gate)
        {
            Enter();
            using var da = Upload(a);
            using var db = Upload(b);
            // C goes up too unless every element of it is overwritten (beta = 0 and no gaps between rows).
            using var dc = beta == 0f && (ldc == n || m == 1) ? Device.Memory.Rent(Bytes(c.Length)) : Upload(c);
            Device.Cublas.SgemmRowMajor(
                Device.CublasHandle, transA == Transpose.Yes, transB == Transpose.Yes, m, n, k, alpha, da.Pointer, Math.Max(lda, 1), db.Pointer, Math.Max(ldb, 1), beta, dc.Pointer, ldc);
            Download(dc, c);
        }
    }

    public void ConvolutionForward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        g.Validate();
        if (output.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dw = Upload(weight);
            using var dy = Device.Memory.Rent(Bytes(output.Length));
            RunConvolution(ConvolutionDirection.Forward, g, dx.Pointer, dw.Pointer, dy.Pointer);
            if (!bias.IsEmpty)
            {
                using var db = Upload(bias);
                LaunchBiasAdd(dy.Pointer, db.Pointer, g.OutChannels, g.OutH * g.OutW, output.Length);
            }

            Download(dy, output);
        }
    }

    public void ConvolutionBackwardData(in ConvGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
    {
        g.Validate();
        if (gradInput.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            Enter();
            using var dy = Upload(gradOutput);
            using var dw = Upload(weight);
            using var dx = Device.Memory.Rent(Bytes(gradInput.Length));
            RunConvolution(ConvolutionDirection.BackwardData, g, dx.Pointer, dw.Pointer, dy.Pointer);
            Download(dx, gradInput);
        }
    }

    public void ConvolutionBackwardWeight(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias)
    {
        g.Validate();
        if (g.Batch == 0 || g.OutH == 0 || g.OutW == 0)
        {
            gradWeight.Clear();
            gradBias.Clear();
            return;
        }

        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dy = Upload(gradOutput);
            using var dw = Device.Memory.Rent(Bytes(gradWeight.Length));
            RunConvolution(ConvolutionDirection.BackwardFilter, g, dx.Pointer, dw.Pointer, dy.Pointer);
            Download(dw, gradWeight);
            if (!gradBias.IsEmpty)
            {
                using var db = Device.Memory.Rent(Bytes(gradBias.Length));
                ulong pdy = dy.Pointer, pdb = db.Pointer;
                int n = g.Batch, c = g.OutChannels, hw = g.OutH * g.OutW;
                void** args = stackalloc void*[] { &pdy, &n, &c, &hw, &pdb };
                Launch("bias_grad", (uint)c, args);
                Download(db, gradBias);
            }
        }
    }

    public void MaxPool2dForward(in PoolingGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> indices)
    {
        g.Validate();
        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dy = Device.Memory.Rent(Bytes(output.Length));
            using var di = Device.Memory.Rent(Bytes(indices.Length));
            var pool = PoolArguments.From(g);
            ulong px = dx.Pointer, py = dy.Pointer, pi = di.Pointer;
            void** args = stackalloc void*[] { &px, &pool, &py, &pi };
            Launch("max_pool_forward", GridFor(g.OutputSize), args);
            Download(dy, output);
            Download(di, indices);
        }
    }

    public void MaxPool2dBackward(in PoolingGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> indices, Span<float> gradInput)
    {
        g.Validate();
        lock (gate)
        {
            Enter();
            using var dy = Upload(gradOutput);
            using var di = Upload(indices);
            using var dx = Device.Memory.Rent(Bytes(gradInput.Length));
            var pool = PoolArguments.From(g);
            ulong py = dy.Pointer, pi = di.Pointer, px = dx.Pointer;
            void** args = stackalloc void*[] { &py, &pi, &pool, &px };
            Launch("max_pool_backward", GridFor(g.InputSize), args);
            Download(dx, gradInput);
        }
    }

    public void AvgPool2dForward(in PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> input, Span<float> output)
    {
        g.Validate();
        CheckDivisor(divisorOverride);
        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dy = Device.Memory.Rent(Bytes(output.Length));
            var pool = PoolArguments.From(g);
            ulong px = dx.Pointer, py = dy.Pointer;
            int include = countIncludePad ? 1 : 0, divisor = divisorOverride ?? 0;
            void** args = stackalloc void*[] { &px, &pool, &include, &divisor, &py };
            Launch("avg_pool_forward", GridFor(g.OutputSize), args);
            Download(dy, output);
        }
    }

    public void AvgPool2dBackward(in PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        g.Validate();
        CheckDivisor(divisorOverride);
        lock (gate)
        {
            Enter();
            using var dy = Upload(gradOutput);
            using var dx = Device.Memory.Rent(Bytes(gradInput.Length));
            var pool = PoolArguments.From(g);
            ulong py = dy.Pointer, px = dx.Pointer;
            int include = countIncludePad ? 1 : 0, divisor = divisorOverride ?? 0;
            void** args = stackalloc void*[] { &py, &pool, &include, &divisor, &px };
            Launch("avg_pool_backward", GridFor(g.InputSize), args);
            Download(dx, gradInput);
        }
    }

    public void AdaptiveAvgPool2dForward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> input, Span<float> output)
    {
        if (output.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dy = Device.Memory.Rent(Bytes(output.Length));
            ulong px = dx.Pointer, py = dy.Pointer;
            void** args = stackalloc void*[] { &px, &planes, &inH, &inW, &outH, &outW, &py };
            Launch("adaptive_avg_forward", GridFor(output.Length), args);
            Download(dy, output);
        }
    }

    public void AdaptiveAvgPool2dBackward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        if (gradInput.IsEmpty)
        {
            return;
        }

        lock (gate)
        {
            Enter();
            using var dy = Upload(gradOutput);
            using var dx = Device.Memory.Rent(Bytes(gradInput.Length));
            ulong py = dy.Pointer, px = dx.Pointer;
            void** args = stackalloc void*[] { &py, &planes, &inH, &inW, &outH, &outW, &px };
            Launch("adaptive_avg_backward", GridFor(gradInput.Length), args);
            Download(dx, gradInput);
        }
    }

    public void BatchNormStatistics(int n, int c, int hw, ReadOnlySpan<float> input, Span<float> mean, Span<float> variance)
    {
        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dm = Device.Memory.Rent(Bytes(c));
            using var dv = Device.Memory.Rent(Bytes(c));
            ulong px = dx.Pointer, pm = dm.Pointer, pv = dv.Pointer;
            void** args = stackalloc void*[] { &px, &n, &c, &hw, &pm, &pv };
            Launch("bn_statistics", (uint)c, args);
            Download(dm, mean);
            Download(dv, variance);
        }
    }

    public void BatchNormAffine(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> output)
    {
        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var ds = Upload(scale);
            using var db = Upload(shift);
            using var dy = Device.Memory.Rent(Bytes(output.Length));
            LaunchAffine(dx.Pointer, ds.Pointer, db.Pointer, c, hw, output.Length, dy.Pointer);
            Download(dy, output);
        }
    }

    public void BatchNormTrainingForward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> mean, Span<float> variance, Span<float> invStd, Span<float> output)
    {
        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dw = Upload(weight);
            using var db = Upload(bias);
            using var dm = Device.Memory.Rent(Bytes(c));
            using var dv = Device.Memory.Rent(Bytes(c));
            using var di = Device.Memory.Rent(Bytes(c));
            using var dy = Device.Memory.Rent(Bytes(output.Length));
            ulong px = dx.Pointer, pw = weight.IsEmpty ? 0 : dw.Pointer, pb = bias.IsEmpty ? 0 : db.Pointer;
            ulong pm = dm.Pointer, pv = dv.Pointer, pi = di.Pointer, py = dy.Pointer;
            void** args = stackalloc void*[] { &px, &pw, &pb, &eps, &n, &c, &hw, &pm, &pv, &pi, &py };
            Launch("bn_training_forward", (uint)c, args);
            Download(dm, mean);
            Download(dv, variance);
            Download(di, invStd);
            Download(dy, output);
        }
    }

    public void BatchNormTrainingBackward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> weight, Span<float> sumDy, Span<float> sumDyCentered, Span<float> gradInput)
    {
        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var dgo = Upload(gradOutput);
            using var dm = Upload(mean);
            using var di = Upload(invStd);
            using var dw = Upload(weight);
            using var ds = Device.Memory.Rent(Bytes(c));
            using var dsc = Device.Memory.Rent(Bytes(c));
            using var dgi = Device.Memory.Rent(Bytes(gradInput.Length));
            ulong px = dx.Pointer, pgo = dgo.Pointer, pm = dm.Pointer, pi = di.Pointer, pw = weight.IsEmpty ? 0 : dw.Pointer;
            ulong ps = ds.Pointer, psc = dsc.Pointer, pgi = gradInput.IsEmpty ? 0 : dgi.Pointer;
            void** args = stackalloc void*[] { &px, &pgo, &pm, &pi, &pw, &n, &c, &hw, &ps, &psc, &pgi };
            Launch("bn_training_backward", (uint)c, args);
            Download(ds, sumDy);
            Download(dsc, sumDyCentered);
            if (!gradInput.IsEmpty)
            {
                Download(dgi, gradInput);
            }
        }
    }

    public void BatchNormScale(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, Span<float> output)
    {
        lock (gate)
        {
            Enter();
            using var dx = Upload(input);
            using var ds = Upload(scale);
            using var dy = Device.Memory.Rent(Bytes(output.Length));
            LaunchAffine(dx.Pointer, ds.Pointer, 0, c, hw, output.Length, dy.Pointer);
            Download(dy, output);
        }
    }

    private static long Bytes(long floats) => floats * sizeof(float);

    private static uint GridFor(long total) => (uint)Math.Clamp((total + Threads - 1) / Threads, 1, 1 << 20);

    private static void CheckDivisor(int? divisorOverride)
    {
        if (divisorOverride is <= 0)
        {
            throw new ArgumentException($"Average pooling divisor override must be positive; got {divisorOverride}.");
        }
    }

    private static void Scale(Span<float> c, int m, int n, int ldc, float beta)
    {
        for (var i = 0; i < m; i++)
        {
            var row = c.Slice(i * ldc, n);
            for (var j = 0; j < row.Length; j++)
            {
                row[j] = beta == 0f ? 0f : row[j] * beta;
            }
        }
    }

    private void Enter() => Device.Driver.SetCurrent(Device.Context);

    private DeviceBuffer Upload<T>(ReadOnlySpan<T> data)
        where T : unmanaged
    {
        var bytes = (long)data.Length * sizeof(T);
        var buffer = Device.Memory.Rent(bytes);
        fixed (T* p = data)
        {
            Device.Driver.CopyToDevice(buffer.Pointer, p, bytes);
        }

        return buffer;
    }

    private void Download<T>(DeviceBuffer buffer, Span<T> destination)
        where T : unmanaged
    {
        fixed (T* p = destination)
        {
            Device.Driver.CopyToHost(p, buffer.Pointer, (long)destination.Length * sizeof(T));
        }
    }

    private void Launch(string kernel, uint grid, void** args)
        => Device.Driver.Launch(Device.Kernels[kernel], grid, 1, Threads, args);

    private void LaunchAffine(ulong x, ulong scale, ulong shift, int c, int hw, long total, ulong y)
    {
        void** args = stackalloc void*[] { &x, &scale, &shift, &c, &hw, &total, &y };
        Launch("bn_affine", GridFor(total), args);
    }

    private void LaunchBiasAdd(ulong y, ulong bias, int c, int hw, long total)
    {
        void** args = stackalloc void*[] { &y, &bias, &c, &hw, &total };
        Launch("bias_add", GridFor(total), args);
    }

    /// <summary>x, w and y are the forward convolution's input, filter and output in every direction.</summary>
    private void RunConvolution(ConvolutionDirection direction, ConvGeometry g, ulong x, ulong w, ulong y)
    {
        if (!plans.TryGetValue(g, out var plan))
        {
            plans[g] = plan = new ConvolutionPlan(Device, g);
        }

        var (algorithm, workspaceBytes) = plan.Prepare(direction);
        if (workspace.Bytes < workspaceBytes)
        {
            workspace.Dispose();
            workspace = Device.Memory.Rent(workspaceBytes);
        }

        Device.Cudnn.Run(direction, Device.CudnnHandle, plan.Input, x, plan.Filter, w, plan.Convolution, plan.Output, y, algorithm, workspace.Pointer, workspaceBytes);
    }
}
