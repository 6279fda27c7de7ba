namespace RobustGate.Engine.Cuda;

/// <summary>
/// CUDA was asked for but cannot be used: a library is missing, no device is present, or the
/// driver refused. The message lists what was searched or which call failed. Exit code 4.
/// </summary>
public sealed class CudaUnavailableException : RobustGateException
{
    public CudaUnavailableException(string message, Exception? inner = null)
        : base(message, ExitCodes.DeviceUnavailable, null, inner)
    {
    }
}
