using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// Base of the severity-table corruptions: validates the arguments, makes the input RGB as
/// imagecorruptions' <c>corrupt()</c> does, and hands an RGB image to <see cref="ApplyRgb"/>.
/// </summary>
public abstract class Corruption : ICorruption
{
    protected Corruption(string name, CorruptionGroup group, bool isRandom, string description)
    {
        Name = name;
        Group = group;
        IsRandom = isRandom;
        Description = description;
    }

    public string Name { get; }

    public CorruptionGroup Group { get; }

    public bool IsRandom { get; }

    public string Description { get; }

    public Image Apply(Image input, int severity, NumpyRandom rng)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rng);
        if (severity is < 1 or > 5)
        {
            throw new ConfigurationException($"Corruption '{Name}': severity must be 1 to 5, got {severity}.");
        }

        if (input.Width < 1 || input.Height < 1)
        {
            throw new InvalidInputException($"Corruption '{Name}': the image is empty ({input.Width}x{input.Height}).");
        }

        return ApplyRgb(RgbConversion.ToRgb(input), severity, rng);
    }

    public override string ToString() => Name;

    /// <summary>Corrupts a 3-channel image; <paramref name="severity"/> is already validated.</summary>
    protected abstract Image ApplyRgb(Image rgb, int severity, NumpyRandom rng);
}
