using RobustGate.Engine.Imaging;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// Draws an operation's parameters from the severity and applies it (spec §3.1, the reference's
/// augmentations.py): level ℓ ~ U(0.1, severity) per call, then posterize bits 4 − ⌊4ℓ/10⌋,
/// rotate ⌊30ℓ/10⌋° and solarize threshold 256 − ⌊256ℓ/10⌋, shear 0.3ℓ/10, translate
/// ⌊(side/3)·ℓ/10⌋ px, enhance factor 1.8ℓ/10 + 0.1; geometric ops take a random sign.
/// </summary>
public static class AugMixOperations
{
    /// <summary>The nine operations used by default (no overlap with ImageNet-C).</summary>
    public static IReadOnlyList<AugMixOperation> Default { get; } =
    [
        AugMixOperation.AutoContrast, AugMixOperation.Equalize, AugMixOperation.Posterize, AugMixOperation.Rotate, AugMixOperation.Solarize,
        AugMixOperation.ShearX, AugMixOperation.ShearY, AugMixOperation.TranslateX, AugMixOperation.TranslateY,
    ];

    /// <summary>The default nine plus color, contrast, brightness and sharpness (--all-ops).</summary>
    public static IReadOnlyList<AugMixOperation> All { get; } =
    [
        .. Default, AugMixOperation.Color, AugMixOperation.Contrast, AugMixOperation.Brightness, AugMixOperation.Sharpness,
    ];

    /// <summary>Applies <paramref name="operation"/> at a fresh level drawn from <paramref name="random"/>.</summary>
    public static void Apply(AugMixOperation operation, Image source, Image destination, int severity, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        switch (operation)
        {
            case AugMixOperation.AutoContrast:
                LookupTableOps.AutoContrast(source, destination);
                break;
            case AugMixOperation.Equalize:
                LookupTableOps.Equalize(source, destination);
                break;
            case AugMixOperation.Posterize:
                LookupTableOps.Posterize(source, destination, 4 - IntParameter(Level(severity, random), 4));
                break;
            case AugMixOperation.Rotate:
                AffineBilinear.Rotate(source, destination, Signed(IntParameter(Level(severity, random), 30), random));
                break;
            case AugMixOperation.Solarize:
                LookupTableOps.Solarize(source, destination, 256 - IntParameter(Level(severity, random), 256));
                break;
            case AugMixOperation.ShearX:
                AffineBilinear.Transform(source, destination, 1, Signed(FloatParameter(Level(severity, random), 0.3), random), 0, 0, 1, 0);
                break;
            case AugMixOperation.ShearY:
                AffineBilinear.Transform(source, destination, 1, 0, 0, Signed(FloatParameter(Level(severity, random), 0.3), random), 1, 0);
                break;
            case AugMixOperation.TranslateX:
                AffineBilinear.Transform(source, destination, 1, 0, Signed(IntParameter(Level(severity, random), source.Width / 3.0), random), 0, 1, 0);
                break;
            case AugMixOperation.TranslateY:
                AffineBilinear.Transform(source, destination, 1, 0, 0, 0, 1, Signed(IntParameter(Level(severity, random), source.Height / 3.0), random));
                break;
            case AugMixOperation.Color:
                EnhanceOps.Color(source, destination, EnhanceFactor(severity, random));
                break;
            case AugMixOperation.Contrast:
                EnhanceOps.Contrast(source, destination, EnhanceFactor(severity, random));
                break;
            case AugMixOperation.Brightness:
                EnhanceOps.Brightness(source, destination, EnhanceFactor(severity, random));
                break;
            case AugMixOperation.Sharpness:
                EnhanceOps.Sharpness(source, destination, EnhanceFactor(severity, random));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation), operation, "unknown AugMix operation.");
        }
    }

    private static double Level(int severity, Generator random) => 0.1 + ((severity - 0.1) * random.NextDouble());

    private static int IntParameter(double level, double maximum) => (int)(level * maximum / 10);

    private static double FloatParameter(double level, double maximum) => level * maximum / 10.0;

    private static float EnhanceFactor(int severity, Generator random) => (float)(FloatParameter(Level(severity, random), 1.8) + 0.1);

    // The reference flips the sign when a fresh uniform exceeds ½.
    private static int Signed(int value, Generator random) => random.NextDouble() > 0.5 ? -value : value;

    private static double Signed(double value, Generator random) => random.NextDouble() > 0.5 ? -value : value;
}
