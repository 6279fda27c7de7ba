namespace RobustGate.Engine.Cuda;

/// <summary>A CUDA, cuBLAS, cuDNN or NVRTC call returned an error status.</summary>
public sealed class CudaException : Exception
{
    public CudaException(string library, string call, int status, string? detail = null)
        : base($"{library}: {call} failed with status {status}{(string.IsNullOrEmpty(detail) ? string.Empty : $" ({detail})")}.")
    {
        Library = library;
        Call = call;
        Status = status;
    }

    public string Library { get; }

    public string Call { get; }

    public int Status { get; }
}
