using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// A recipe that owns the classifier loss instead of handing the <see cref="Trainer"/> a batch
/// for plain cross-entropy — AugMix with its consistency loss needs three views of each image
/// in one forward pass. The trainer calls <see cref="ITrainingRecipe.PrepareBatch"/> first, then
/// <see cref="ComputeLoss"/> with the same context and batch, then backpropagates the returned
/// loss and steps the optimizer.
/// </summary>
public interface ILossRecipe : ITrainingRecipe
{
    /// <summary>
    /// Runs the model (in its current mode, with gradients) on whatever this recipe builds from
    /// the batch and returns the scalar loss to minimise, with <paramref name="correct"/> set to
    /// the number of the batch's images whose top-1 prediction equals their label. The tensors it
    /// creates must stay alive (backward needs them); the caller disposes them (the trainer with a
    /// <see cref="TensorScope"/>).
    /// </summary>
    Tensor ComputeLoss(RecipeBatchContext context, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, out int correct);
}
