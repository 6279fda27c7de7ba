using RobustGate.Engine.Nn;

namespace RobustGate.Engine.Training;

/// <summary>
/// A training recipe: how each mini-batch is transformed before the classifier step (noise,
/// learned noise, fooling images) and any state the recipe carries across epochs. The
/// classifier loss is the <see cref="Trainer"/>'s mean cross-entropy on the transformed batch —
/// the noise recipes train with plain cross-entropy on a mixed batch, so only the batch differs —
/// unless the recipe also implements <see cref="ILossRecipe"/> (AugMix's consistency loss). Recipes draw randomness only from the generators handed
/// to them, which the trainer derives from (seed, epoch, batch), so a run is the same for any
/// thread count and a resumed run sees the same draws as an uninterrupted one.
/// </summary>
public interface ITrainingRecipe
{
    /// <summary>The CLI name (standard, gauss, gauss-mult, speckle, ant, ant3x3, fooling, augmix).</summary>
    string Name { get; }

    /// <summary>Called once at the start of each epoch, before its first batch.</summary>
    void BeginEpoch(RecipeEpochContext context);

    /// <summary>
    /// Transforms a clean batch in place (pixels in [0,1], N×C×H×W). The model may be switched
    /// to eval mode inside, but must be left in the mode it had on entry.
    /// </summary>
    void PrepareBatch(RecipeBatchContext context, Span<float> pixels, ReadOnlySpan<int> labels);

    /// <summary>State needed to resume (empty for stateless recipes).</summary>
    StateDict ExportState();

    /// <summary>Restores <see cref="ExportState"/>'s output; <paramref name="file"/> names the checkpoint in errors.</summary>
    void ImportState(StateDict state, string? file);
}
