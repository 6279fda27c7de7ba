using System.Runtime.InteropServices;

namespace RobustGate.Engine.Cuda;

/// <summary>
/// The cuDNN convolution functions (the stable v7-style descriptors, present in cuDNN 8 and 9).
/// Algorithms come from cuDNN's heuristics (no timing runs), filtered to deterministic ones by
/// default, with the math type pinned to FMA unless TF32 is allowed.
/// </summary>
internal sealed unsafe class CudnnApi
{
    public const int TensorNchw = 0;
    public const int DataFloat = 0;
    public const int CrossCorrelation = 1;
    public const int DefaultMath = 0;
    public const int TensorOpMath = 1;
    public const int FmaMath = 3;
    public const int Deterministic = 1;

    private readonly delegate* unmanaged<nint*, int> cudnnCreate;
    private readonly delegate* unmanaged<nuint> cudnnGetVersion;
    private readonly delegate* unmanaged<int, byte*> cudnnGetErrorString;
    private readonly delegate* unmanaged<nint*, int> cudnnCreateTensorDescriptor;
    private readonly delegate* unmanaged<nint, int, int, int, int, int, int, int> cudnnSetTensor4dDescriptor;
    private readonly delegate* unmanaged<nint*, int> cudnnCreateFilterDescriptor;
    private readonly delegate* unmanaged<nint, int, int, int, int, int, int, int> cudnnSetFilter4dDescriptor;
    private readonly delegate* unmanaged<nint*, int> cudnnCreateConvolutionDescriptor;
    private readonly delegate* unmanaged<nint, int, int, int, int, int, int, int, int, int> cudnnSetConvolution2dDescriptor;
    private readonly delegate* unmanaged<nint, int, int> cudnnSetConvolutionGroupCount;
    private readonly delegate* unmanaged<nint, int, int> cudnnSetConvolutionMathType;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, int, int*, AlgorithmPerformance*, int> cudnnGetConvolutionForwardAlgorithm;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, int, int*, AlgorithmPerformance*, int> cudnnGetConvolutionBackwardDataAlgorithm;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, int, int*, AlgorithmPerformance*, int> cudnnGetConvolutionBackwardFilterAlgorithm;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, int, nuint*, int> cudnnGetConvolutionForwardWorkspaceSize;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, int, nuint*, int> cudnnGetConvolutionBackwardDataWorkspaceSize;
    private readonly delegate* unmanaged<nint, nint, nint, nint, nint, int, nuint*, int> cudnnGetConvolutionBackwardFilterWorkspaceSize;
    private readonly delegate* unmanaged<nint, float*, nint, ulong, nint, ulong, nint, int, ulong, nuint, float*, nint, ulong, int> cudnnConvolutionForward;
    private readonly delegate* unmanaged<nint, float*, nint, ulong, nint, ulong, nint, int, ulong, nuint, float*, nint, ulong, int> cudnnConvolutionBackwardData;
    private readonly delegate* unmanaged<nint, float*, nint, ulong, nint, ulong, nint, int, ulong, nuint, float*, nint, ulong, int> cudnnConvolutionBackwardFilter;

    public CudnnApi(LoadedLibrary library)
    {
        Library = library;
        cudnnCreate = (delegate* unmanaged<nint*, int>)library.Export("cudnnCreate");
        cudnnGetVersion = (delegate* unmanaged<nuint>)library.Export("cudnnGetVersion");
        cudnnGetErrorString = (delegate* unmanaged<int, byte*>)library.Export("cudnnGetErrorString");
        cudnnCreateTensorDescriptor = (delegate* unmanaged<nint*, int>)library.Export("cudnnCreateTensorDescriptor");
        cudnnSetTensor4dDescriptor = (delegate* unmanaged<nint, int, int, int, int, int, int, int>)library.Export("cudnnSetTensor4dDescriptor");
        cudnnCreateFilterDescriptor = (delegate* unmanaged<nint*, int>)library.Export("cudnnCreateFilterDescriptor");
        cudnnSetFilter4dDescriptor = (delegate* unmanaged<nint, int, int, int, int, int, int, int>)library.Export("cudnnSetFilter4dDescriptor");
        cudnnCreateConvolutionDescriptor = (delegate* unmanaged<nint*, int>)library.Export("cudnnCreateConvolutionDescriptor");
        cudnnSetConvolution2dDescriptor = (delegate* unmanaged<nint, int, int, int, int, int, int, int, int, int>)library.Export("cudnnSetConvolution2dDescriptor");
        cudnnSetConvolutionGroupCount = (delegate* unmanaged<nint, int, int>)library.Export("cudnnSetConvolutionGroupCount");
        cudnnSetConvolutionMathType = (delegate* unmanaged<nint, int, int>)library.Export("cudnnSetConvolutionMathType");
        cudnnGetConvolutionForwardAlgorithm = (delegate* unmanaged<nint, nint, nint, nint, nint, int, int*, AlgorithmPerformance*, int>)library.Export("cudnnGetConvolutionForwardAlgorithm_v7");
        cudnnGetConvolutionBackwardDataAlgorithm = (delegate* unmanaged<nint, nint, nint, nint, nint, int, int*, AlgorithmPerformance*, int>)library.Export("cudnnGetConvolutionBackwardDataAlgorithm_v7");
        cudnnGetConvolutionBackwardFilterAlgorithm = (delegate* unmanaged<nint, nint, nint, nint, nint, int, int*, AlgorithmPerformance*, int>)library.Export("cudnnGetConvolutionBackwardFilterAlgorithm_v7");
        cudnnGetConvolutionForwardWorkspaceSize = (delegate* unmanaged<nint, nint, nint, nint, nint, int, nuint*, int>)library.Export("cudnnGetConvolutionForwardWorkspaceSize");
        cudnnGetConvolutionBackwardDataWorkspaceSize = (delegate* unmanaged<nint, nint, nint, nint, nint, int, nuint*, int>)library.Export("cudnnGetConvolutionBackwardDataWorkspaceSize");
        cudnnGetConvolutionBackwardFilterWorkspaceSize = (delegate* unmanaged<nint, nint, nint, nint, nint, int, nuint*, int>)library.Export("cudnnGetConvolutionBackwardFilterWorkspaceSize");
        cudnnConvolutionForward = (delegate* unmanaged<nint, float*, nint, ulong, nint, ulong, nint, int, ulong, nuint, float*, nint, ulong, int>)library.Export("cudnnConvolutionForward");
        cudnnConvolutionBackwardData = (delegate* unmanaged<nint, float*, nint, ulong, nint, ulong, nint, int, ulong, nuint, float*, nint, ulong, int>)library.Export("cudnnConvolutionBackwardData");
        cudnnConvolutionBackwardFilter = (delegate* unmanaged<nint, float*, nint, ulong, nint, ulong, nint, int, ulong, nuint, float*, nint, ulong, int>)library.Export("cudnnConvolutionBackwardFilter");
    }

    public LoadedLibrary Library { get; }

    public long Version() => (long)cudnnGetVersion();

    public nint Create()
    {
        nint handle;
        Check(cudnnCreate(&handle), "cudnnCreate");
        return handle;
    }

    public nint TensorDescriptor(int n, int c, int h, int w)
    {
        nint d;
        Check(cudnnCreateTensorDescriptor(&d), "cudnnCreateTensorDescriptor");
        Check(cudnnSetTensor4dDescriptor(d, TensorNchw, DataFloat, n, c, h, w), "cudnnSetTensor4dDescriptor");
        return d;
    }

    public nint FilterDescriptor(int k, int c, int h, int w)
    {
        nint d;
        Check(cudnnCreateFilterDescriptor(&d), "cudnnCreateFilterDescriptor");
        Check(cudnnSetFilter4dDescriptor(d, DataFloat, TensorNchw, k, c, h, w), "cudnnSetFilter4dDescriptor");
        return d;
    }

    public nint ConvolutionDescriptor(int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int groups, int mathType)
    {
        nint d;
        Check(cudnnCreateConvolutionDescriptor(&d), "cudnnCreateConvolutionDescriptor");
        Check(cudnnSetConvolution2dDescriptor(d, padH, padW, strideH, strideW, dilationH, dilationW, CrossCorrelation, DataFloat), "cudnnSetConvolution2dDescriptor");
        Check(cudnnSetConvolutionGroupCount(d, groups), "cudnnSetConvolutionGroupCount");
        Check(cudnnSetConvolutionMathType(d, mathType), "cudnnSetConvolutionMathType");
        return d;
    }

    public void SetMathType(nint convolution, int mathType) => Check(cudnnSetConvolutionMathType(convolution, mathType), "cudnnSetConvolutionMathType");

    /// <summary>cuDNN's ranked candidates for one direction (best expected first).</summary>
    public AlgorithmPerformance[] Candidates(ConvolutionDirection direction, nint handle, nint x, nint w, nint convolution, nint y)
    {
        const int Requested = 16;
        var results = new AlgorithmPerformance[Requested];
        int returned;
        fixed (AlgorithmPerformance* p = results)
        {
            var status = direction switch
            {
                ConvolutionDirection.Forward => cudnnGetConvolutionForwardAlgorithm(handle, x, w, convolution, y, Requested, &returned, p),
                ConvolutionDirection.BackwardData => cudnnGetConvolutionBackwardDataAlgorithm(handle, w, y, convolution, x, Requested, &returned, p),
                _ => cudnnGetConvolutionBackwardFilterAlgorithm(handle, x, y, convolution, w, Requested, &returned, p),
            };
            Check(status, $"cudnnGetConvolution{direction}Algorithm_v7");
        }

        return results[..returned];
    }

    public long WorkspaceSize(ConvolutionDirection direction, nint handle, nint x, nint w, nint convolution, nint y, int algorithm)
    {
        nuint bytes;
        var status = direction switch
        {
            ConvolutionDirection.Forward => cudnnGetConvolutionForwardWorkspaceSize(handle, x, w, convolution, y, algorithm, &bytes),
            ConvolutionDirection.BackwardData => cudnnGetConvolutionBackwardDataWorkspaceSize(handle, w, y, convolution, x, algorithm, &bytes),
            _ => cudnnGetConvolutionBackwardFilterWorkspaceSize(handle, x, y, convolution, w, algorithm, &bytes),
        };
        Check(status, $"cudnnGetConvolution{direction}WorkspaceSize");
        return (long)bytes;
    }

    /// <summary>
    /// Forward: y = conv(x, w); backward data: x = dgrad(y, w); backward filter: w = wgrad(x, y)
    /// (x, w and y name the tensors of the forward convolution in every direction).
    /// </summary>
    public void Run(ConvolutionDirection direction, nint handle, nint xDesc, ulong x, nint wDesc, ulong w, nint convolution, nint yDesc, ulong y, int algorithm, ulong workspace, long workspaceBytes)
    {
        float alpha = 1f, beta = 0f;
        var status = direction switch
        {
            ConvolutionDirection.Forward => cudnnConvolutionForward(handle, &alpha, xDesc, x, wDesc, w, convolution, algorithm, workspace, (nuint)workspaceBytes, &beta, yDesc, y),
            ConvolutionDirection.BackwardData => cudnnConvolutionBackwardData(handle, &alpha, wDesc, w, yDesc, y, convolution, algorithm, workspace, (nuint)workspaceBytes, &beta, xDesc, x),
            _ => cudnnConvolutionBackwardFilter(handle, &alpha, xDesc, x, yDesc, y, convolution, algorithm, workspace, (nuint)workspaceBytes, &beta, wDesc, w),
        };
        Check(status, $"cudnnConvolution{direction}");
    }

    private void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new CudaException("cuDNN", call, status, Marshal.PtrToStringUTF8((nint)cudnnGetErrorString(status)));
        }
    }

    /// <summary>cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t: the three share this layout.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AlgorithmPerformance
    {
        public int Algorithm;
        public int Status;
        public float Time;
        public nuint Memory;
        public int Determinism;
        public int MathType;
        public int Reserved0;
        public int Reserved1;
        public int Reserved2;
    }
}
