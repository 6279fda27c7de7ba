using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>sigmoid's backward from its output: (grad, y) -> grad * (y * (1 - y)).</summary>
public readonly struct SigmoidBackwardOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x * (y * (1f - y));

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * (y * (Vector256<float>.One - y));

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * (y * (Vector512<float>.One - y));
}
