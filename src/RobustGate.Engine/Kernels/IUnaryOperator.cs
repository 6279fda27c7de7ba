using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// An element-wise function y = f(x) at every vector width, for <see cref="ElementwiseKernels.Unary{TOp}"/>.
/// Implementations are structs so the generic loop specialises and inlines them; the three overloads must
/// agree (exactly, or within the bound the operator documents).
/// </summary>
public interface IUnaryOperator
{
    float Invoke(float x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}
