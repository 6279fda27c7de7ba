namespace RobustGate.Engine.Corruptions;

/// <summary>How corruptions are built: the reference profile and where frost textures are read from.</summary>
public sealed record CorruptionOptions
{
    public static CorruptionOptions Default { get; } = new();

    public CorruptionProfile Profile { get; init; } = CorruptionProfile.ImageCorruptions;

    /// <summary>
    /// Folder holding frost1.png … frost5.jpg (imagecorruptions' textures). Null: frost uses a
    /// documented procedural texture instead and says so in its description.
    /// </summary>
    public string? FrostDirectory { get; init; }
}
