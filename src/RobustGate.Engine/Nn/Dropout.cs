using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// torch.nn.Dropout: in training mode zeroes elements with probability p and scales the rest
/// by 1/(1-p); the identity in eval mode. Masks come from the generator given at construction,
/// so a seeded run drops the same elements every time.
/// </summary>
public sealed class Dropout : Module
{
    private readonly Generator _generator;

    public Dropout(Generator generator, double p = 0.5)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if (p is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must be in [0, 1].");
        }

        // Own stream: dropping must not shift the draws of whoever else shares the caller's generator.
        _generator = generator.Fork();
        P = p;
    }

    public double P { get; }

    public override Tensor Forward(Tensor input) => F.Dropout(input, (float)P, Training, _generator);
}
