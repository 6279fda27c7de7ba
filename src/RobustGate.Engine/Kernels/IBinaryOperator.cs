using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>An element-wise function z = f(x, y) at every vector width; see <see cref="IUnaryOperator"/>.</summary>
public interface IBinaryOperator
{
    float Invoke(float x, float y);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}
