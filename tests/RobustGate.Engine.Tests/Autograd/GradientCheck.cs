using RobustGate.Engine.Autograd;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Autograd;

/// <summary>
/// Central-difference gradient check. The scalar checked is L = sum_i r_i f_i with fixed random
/// weights r (so every output element's gradient path is exercised), evaluated in double from the
/// float32 outputs. With step h = 1e-2 the truncation error is O(h^2 f''') ~ 1e-4 for the smooth
/// test functions here and float32 rounding contributes ~ 1e-7 * |L| / h ~ 1e-5 * |L|; the default
/// tolerance |numeric - analytic| &lt;= 2e-3 + 2e-2 * |numeric| covers both with margin, while a
/// wrong backward (missing factor, wrong index, transposed operand) is off by O(1).
/// Inputs must keep kinks (relu at 0, ties in max) farther than h from every sample point.
/// </summary>
internal static class GradientCheck
{
    public static void Check(string name, Func<Tensor[], Tensor> f, Tensor[] inputs, double step = 1e-2, double absTol = 2e-3, double relTol = 2e-2, bool[]? differentiable = null)
    {
        foreach (var t in inputs)
        {
            t.Grad = null;
        }

        for (var k = 0; k < inputs.Length; k++)
        {
            inputs[k].RequiresGrad = differentiable?[k] ?? true;
        }

        var output = f(inputs);
        var weights = Tensor.Uniform(new Generator(1234), 0.5f, 1.5f, output.Shape);
        (output * weights).Sum().Backward();

        for (var k = 0; k < inputs.Length; k++)
        {
            if (!inputs[k].RequiresGrad)
            {
                continue;
            }

            var analytic = inputs[k].Grad?.ToArray() ?? new float[inputs[k].Numel];
            var values = inputs[k].Span;
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                values[i] = (float)(original + step);
                var plus = Evaluate(f, inputs, weights);
                values[i] = (float)(original - step);
                var minus = Evaluate(f, inputs, weights);
                values[i] = original;

                // The perturbation actually applied is what float32 could represent.
                var actualStep = ((double)(float)(original + step) - (float)(original - step)) / 2;
                var numeric = (plus - minus) / (2 * actualStep);
                var error = Math.Abs(numeric - analytic[i]);
                Assert.True(
                    error <= absTol + (relTol * Math.Abs(numeric)),
                    $"{name}: d/d input{k}[{i}] analytic {analytic[i]} vs numeric {numeric} (error {error}).");
            }
        }
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        using var noGrad = new NoGrad();
        var y = f(inputs).ToArray();
        var w = weights.ToArray();
        double sum = 0;
        for (var i = 0; i < y.Length; i++)
        {
            sum += (double)y[i] * w[i];
        }

        return sum;
    }
}
