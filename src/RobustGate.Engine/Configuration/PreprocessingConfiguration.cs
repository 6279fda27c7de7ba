namespace RobustGate.Engine.Configuration;

/// <summary>
/// <c>model.preprocessing</c>: how images are brought to the input size before normalisation.
/// Defaults: no resize, no centre crop, bilinear interpolation.
/// </summary>
public sealed record PreprocessingConfiguration(int? Resize, int? CenterCrop, string Interpolation)
{
    public static PreprocessingConfiguration Default { get; } = new(null, null, "bilinear");
}
