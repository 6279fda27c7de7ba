using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// An adversarial attack on [0, 1] pixel inputs of a model that normalises internally and returns
/// logits. The model runs in eval mode during the attack; its mode is restored afterwards.
/// </summary>
public interface IAttack
{
    /// <summary>Registry name, e.g. <c>pgd-linf</c>.</summary>
    string Name { get; }

    AttackNorm Norm { get; }

    double Eps { get; }

    /// <summary>
    /// Attacks <paramref name="images"/> (N x C x H x W in [0, 1]) with true <paramref name="labels"/>.
    /// Random draws of sample i come from <see cref="AttackSeeds.For"/>(seed, name, sampleIds[i], restart);
    /// <paramref name="sampleIds"/> defaults to 0..N−1 and should be the dataset indices so that
    /// results do not depend on batching.
    /// </summary>
    AttackResult Run(Module model, Tensor images, IReadOnlyList<int> labels, ulong seed, IReadOnlyList<long>? sampleIds = null);
}
