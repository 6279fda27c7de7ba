namespace RobustGate.Engine.Cuda;

/// <summary>
/// cuBLAS SGEMM. cuBLAS is column-major, so a row-major C = op(A) op(B) is computed as the
/// column-major C^T = op(B)^T op(A)^T: the operands swap and the transposes stay.
/// </summary>
internal sealed unsafe class CublasApi
{
    /// <summary>CUBLAS_DEFAULT_MATH: plain FP32 (no TF32 unless NVIDIA_TF32_OVERRIDE says so).</summary>
    public const int DefaultMath = 0;

    /// <summary>CUBLAS_TF32_TENSOR_OP_MATH.</summary>
    public const int Tf32TensorOpMath = 3;

    private readonly delegate* unmanaged<nint*, int> cublasCreate;
    private readonly delegate* unmanaged<nint, int*, int> cublasGetVersion;
    private readonly delegate* unmanaged<nint, int, int> cublasSetMathMode;
    private readonly delegate* unmanaged<nint, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int> cublasSgemm;

    public CublasApi(LoadedLibrary library)
    {
        Library = library;
        cublasCreate = (delegate* unmanaged<nint*, int>)library.Export("cublasCreate_v2");
        cublasGetVersion = (delegate* unmanaged<nint, int*, int>)library.Export("cublasGetVersion_v2");
        cublasSetMathMode = (delegate* unmanaged<nint, int, int>)library.Export("cublasSetMathMode");
        cublasSgemm = (delegate* unmanaged<nint, int, int, int, int, int, float*, ulong, int, ulong, int, float*, ulong, int, int>)library.Export("cublasSgemm_v2");
    }

    public LoadedLibrary Library { get; }

    public nint Create()
    {
        nint handle;
        Check(cublasCreate(&handle), "cublasCreate");
        return handle;
    }

    public int Version(nint handle)
    {
        int v;
        Check(cublasGetVersion(handle, &v), "cublasGetVersion");
        return v;
    }

    public void SetMathMode(nint handle, int mode) => Check(cublasSetMathMode(handle, mode), "cublasSetMathMode");

    /// <summary>Row-major C[m, n] = alpha op(A) op(B) + beta C on device pointers.</summary>
    public void SgemmRowMajor(nint handle, bool transA, bool transB, int m, int n, int k, float alpha, ulong a, int lda, ulong b, int ldb, float beta, ulong c, int ldc)
        => Check(cublasSgemm(handle, transB ? 1 : 0, transA ? 1 : 0, n, m, k, &alpha, b, ldb, a, lda, &beta, c, ldc), "cublasSgemm");

    private static void Check(int status, string call)
    {
        if (status != 0)
        {
            throw new CudaException("cuBLAS", call, status);
        }
    }
}
