namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// The AugMix operations (spec §3.1). The first nine are the default list; the last four overlap
/// ImageNet-C test corruptions and are used only with --all-ops.
/// </summary>
public enum AugMixOperation
{
    AutoContrast,
    Equalize,
    Posterize,
    Rotate,
    Solarize,
    ShearX,
    ShearY,
    TranslateX,
    TranslateY,
    Color,
    Contrast,
    Brightness,
    Sharpness,
}
