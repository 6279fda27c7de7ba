namespace RobustGate.Engine.Cuda;

/// <summary>Which of a convolution's three computations a cuDNN call is for.</summary>
public enum ConvolutionDirection
{
    Forward,
    BackwardData,
    BackwardFilter,
}
