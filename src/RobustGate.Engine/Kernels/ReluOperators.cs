using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>relu(x) = max(x, 0); NaN propagates, as in PyTorch.</summary>
public readonly struct ReluOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Max(x, 0f);

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);
}

/// <summary>relu's backward: (grad, x) -> grad where x &gt; 0, else 0.</summary>
public readonly struct ReluBackwardOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => y > 0f ? x : 0f;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x & Vector256.GreaterThan(y, Vector256<float>.Zero);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x & Vector512.GreaterThan(y, Vector512<float>.Zero);
}

/// <summary>relu(x + y): a residual block's sum and activation in one pass (eval / no-grad inference).</summary>
public readonly struct AddReluOperator : IBinaryOperator
{
    public float Invoke(float x, float y) => MathF.Max(x + y, 0f);

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.Max(x + y, Vector256<float>.Zero);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.Max(x + y, Vector512<float>.Zero);
}
