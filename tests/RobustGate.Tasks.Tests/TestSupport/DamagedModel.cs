using RobustGate.Engine.Autograd;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;

namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>
/// The regression a robustness gate exists to catch: the sample's smallcnn with Gaussian noise of
/// 0.6x each conv kernel's own RMS added to its weights (as in the tool's end-to-end tests), which
/// costs accuracy on clean and corrupted images alike. Deterministic: a fixed noise seed.
/// </summary>
internal static class DamagedModel
{
    public static void Write(string goodWeights, string damagedWeights)
    {
        var model = ModelRegistry.Get("smallcnn").Create(10, 1, seed: 1);
        model.Load(goodWeights);
        var generator = new Generator(99);
        using (new NoGrad())
        {
            foreach (var (_, parameter) in model.NamedParameters().Where(p => p.Name.Contains("features", StringComparison.Ordinal) && p.Parameter.Dim == 4))
            {
                var values = parameter.ToArray();
                var spread = Math.Sqrt(values.Select(v => (double)v * v).Average());
                using var noise = Tensor.Randn(generator, parameter.Shape);
                parameter.AddInPlace(noise, (float)(0.6 * spread));
            }
        }

        model.Save(damagedWeights);
    }
}
