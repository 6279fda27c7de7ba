using RobustGate.Engine.Nn;

namespace RobustGate.Engine.Training;

/// <summary>Plain supervised training: the batch is used as drawn.</summary>
public sealed class StandardRecipe : ITrainingRecipe
{
    public string Name => "standard";

    public void BeginEpoch(RecipeEpochContext context)
    {
    }

    public void PrepareBatch(RecipeBatchContext context, Span<float> pixels, ReadOnlySpan<int> labels)
    {
    }

    public StateDict ExportState() => new();

    public void ImportState(StateDict state, string? file)
    {
    }
}
