using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>tanh's backward from its output: (grad, y) -> grad * (1 - y * y).</summary>
public readonly struct TanhBackwardOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => x * (1f - (y * y));

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x * (Vector256<float>.One - (y * y));

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x * (Vector512<float>.One - (y * y));
}
