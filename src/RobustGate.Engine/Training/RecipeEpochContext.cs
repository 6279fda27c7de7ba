using RobustGate.Engine.Nn;

namespace RobustGate.Engine.Training;

/// <summary>What a recipe sees at the start of an epoch (0-based <paramref name="Epoch"/>).</summary>
public sealed record RecipeEpochContext(Module Model, int Epoch, (int C, int H, int W) SampleShape, IBatchSource Train, int BatchSize, ulong Seed);
