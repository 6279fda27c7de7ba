namespace RobustGate.Engine.Kernels;

/// <summary>Whether a GEMM operand is used as stored or transposed (row-major storage).</summary>
public enum Transpose
{
    No,
    Yes,
}
