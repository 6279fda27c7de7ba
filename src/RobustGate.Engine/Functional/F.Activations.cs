using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Activations: relu, leaky_relu, sigmoid, tanh, softplus, gelu, silu.</content>
public static partial class F
{
    public static Tensor Relu(Tensor input) => LeakyRelu(input, 0f, "relu");

    public static Tensor LeakyRelu(Tensor input, float negativeSlope = 0.01f) => LeakyRelu(input, negativeSlope, "leaky_relu");

    public static Tensor Sigmoid(Tensor input) => input.Sigmoid();

    public static Tensor Tanh(Tensor input) => input.Tanh();

    /// <summary>softplus: log(1 + exp(beta x)) / beta, linear where beta x exceeds the threshold.</summary>
    public static Tensor Softplus(Tensor input, float beta = 1f, float threshold = 20f)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = Tensor.Uninitialized(input.ShapeRef);
        ParallelElementwise.Unary(input.ReadOnlySpan, output.Span, new SoftplusOperator(beta, threshold));
        return output.Record("softplus", [input], (g, _) =>
        {
            var gi = Tensor.Uninitialized(input.ShapeRef);
            ParallelElementwise.Binary(g.ReadOnlySpan, input.ReadOnlySpan, gi.Span, new SoftplusBackwardOperator(beta, threshold));
            return [gi];
        });
    }

    /// <summary>gelu with the exact erf form: x * Phi(x).</summary>
    public static Tensor Gelu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = Tensor.Uninitialized(input.ShapeRef);
        var x = input.ReadOnlySpan;
        var y = output.Span;
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = (float)(x[i] * NormalCdf(x[i]));
        }

        return output.Record("gelu", [input], (g, _) =>
        {
            var gi = Tensor.Uninitialized(input.ShapeRef);
            var xs = input.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var d = gi.Span;
            for (var i = 0; i < d.Length; i++)
            {
                double v = xs[i];
                var pdf = Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI);
                d[i] = (float)(gs[i] * (NormalCdf(v) + (v * pdf)));
            }

            return [gi];
        });
    }

    /// <summary>silu (swish): x * sigmoid(x).</summary>
    public static Tensor Silu(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input * input.Sigmoid();
    }

    private static double NormalCdf(double x) => 0.5 * (1.0 + Erf(x / Math.Sqrt(2)));

    /// <summary>erf to ~1e-15 relative (continued-fraction-free: series below 3, asymptotic complement above).</summary>
    private static double Erf(double x)
    {
        var ax = Math.Abs(x);
        double result;
        if (ax < 3)
        {
            // Maclaurin series: erf(x) = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1)).
            double term = ax, sum = ax, x2 = ax * ax;
            for (var n = 1; n < 60; n++)
            {
                term *= -x2 / n;
                var add = term / ((2 * n) + 1);
                sum += add;
                if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
                {
                    break;
                }
            }

            result = 2 / Math.Sqrt(Math.PI) * sum;
        }
        else
        {
            // erfc(x) ~ exp(-x^2) / (x sqrt(pi)) * (1 - 1/(2x^2) + 3/(4x^4) - 15/(8x^6) ...).
            var inv = 1 / (2 * ax * ax);
            double series = 1, term = 1;
            for (var n = 1; n < 12; n++)
            {
                term *= -((2 * n) - 1) * inv;
                series += term;
            }

            result = 1 - (Math.Exp(-ax * ax) / (ax * Math.Sqrt(Math.PI)) * series);
        }

        return x < 0 ? -result : result;
    }

    private static Tensor LeakyRelu(Tensor input, float slope, string name)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = Tensor.Uninitialized(input.ShapeRef);
        if (slope == 0f)
        {
            ParallelElementwise.Unary(input.ReadOnlySpan, output.Span, default(ReluOperator));
        }
        else
        {
            ParallelElementwise.Unary(input.ReadOnlySpan, output.Span, new LeakyReluOperator(slope));
        }

        return output.Record(name, [input], (g, _) =>
        {
            // In place when the incoming gradient is unshared: no fresh buffer, one read and one write.
            var gi = GradientBuffer(g, input.ShapeRef);
            if (slope == 0f)
            {
                ParallelElementwise.Binary(g.ReadOnlySpan, input.ReadOnlySpan, gi.Span, default(ReluBackwardOperator));
            }
            else
            {
                ParallelElementwise.Binary(g.ReadOnlySpan, input.ReadOnlySpan, gi.Span, new LeakyReluBackwardOperator(slope));
            }

            return [gi];
        });
    }
}
