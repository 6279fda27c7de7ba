using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// One corruption with its severity table for one profile. Inputs of 1, 2 or 4 channels are first
/// made RGB the way imagecorruptions does it (gray replicated to three channels, alpha dropped); the
/// result is always an 8-bit RGB image, converted from floats by truncation like <c>np.uint8</c>.
/// Implementations are immutable and safe to call from several threads at once, each with its own
/// <see cref="NumpyRandom"/>.
/// </summary>
public interface ICorruption
{
    /// <summary>The reference name, e.g. <c>gaussian_noise</c>.</summary>
    string Name { get; }

    CorruptionGroup Group { get; }

    /// <summary>Whether <see cref="Apply"/> draws from the generator (false: the output depends on the pixels only).</summary>
    bool IsRandom { get; }

    /// <summary>One line saying what the corruption does and which variant this is.</summary>
    string Description { get; }

    /// <summary>Corrupts <paramref name="input"/> at <paramref name="severity"/> 1..5, drawing from <paramref name="rng"/> in the reference's order.</summary>
    Image Apply(Image input, int severity, NumpyRandom rng);
}
