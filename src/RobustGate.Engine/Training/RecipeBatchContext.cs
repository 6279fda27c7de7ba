using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// What a recipe sees for one batch: the classifier, the position in the run, the sample shape
/// and a generator seeded from (seed, epoch, batch) that is the recipe's only source of randomness.
/// </summary>
public sealed record RecipeBatchContext(Module Model, int Epoch, int BatchIndex, (int C, int H, int W) SampleShape, Generator Random);
