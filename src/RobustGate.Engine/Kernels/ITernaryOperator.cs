using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>An element-wise function w = f(x, y, z) at every vector width; see <see cref="IUnaryOperator"/>.</summary>
public interface ITernaryOperator
{
    float Invoke(float x, float y, float z);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> z);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> z);
}
