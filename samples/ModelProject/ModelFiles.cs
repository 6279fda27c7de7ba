namespace ModelProject;

/// <summary>Where the gated model ships: its weights are copied beside this assembly.</summary>
public static class ModelFiles
{
    public const string Architecture = "smallcnn";

    public static string WeightsPath => Path.Combine(AppContext.BaseDirectory, "model", "weights.safetensors");
}
