using System.Globalization;
using RobustGate.Engine.Nn;

namespace RobustGate.Engine.Optim;

/// <summary>
/// A learning-rate schedule stepped once per epoch, with PyTorch's (>= 1.1) ordering: epoch
/// <c>e</c> (0-based) trains at <see cref="LearningRateAt"/>(e); call <see cref="Step"/> after
/// the epoch's optimizer steps. Schedules are closed-form functions of the epoch, so resuming
/// only needs the epoch counter (exported by <see cref="ExportState"/>).
/// </summary>
public abstract class LearningRateScheduler
{
    protected LearningRateScheduler(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        BaseLearningRate = optimizer.LearningRate;
    }

    public Optimizer Optimizer { get; }

    /// <summary>The optimizer's learning rate when the scheduler was created.</summary>
    public double BaseLearningRate { get; private set; }

    /// <summary>Number of completed epochs (calls to <see cref="Step"/>).</summary>
    public int Epoch { get; private set; }

    /// <summary>The learning rate used during 0-based epoch <paramref name="epoch"/>.</summary>
    public abstract double LearningRateAt(int epoch);

    /// <summary>Ends an epoch: advances the counter and sets the optimizer's rate for the next one.</summary>
    public void Step()
    {
        Epoch++;
        Optimizer.LearningRate = LearningRateAt(Epoch);
    }

    /// <summary>Sets the optimizer's rate for the current epoch; derived constructors call it last.</summary>
    protected void Apply() => Optimizer.LearningRate = LearningRateAt(Epoch);

    public StateDict ExportState()
    {
        var state = new StateDict
        {
            { "epoch", StateEntry.Scalar((long)Epoch) },
            { "base_lr", StateEntry.FromFloat32([(float)BaseLearningRate]) },
        };
        return state;
    }

    /// <summary>Restores the epoch counter (and base rate) written by <see cref="ExportState"/>.</summary>
    public void ImportState(StateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.TryGet("epoch", out var epoch) || epoch.DType != StateDType.Int64 || epoch.ElementCount != 1)
        {
            throw new InvalidInputException("scheduler state: expected an int64 scalar 'epoch'.");
        }

        if (epoch.Int64![0] < 0 || epoch.Int64[0] > int.MaxValue)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"scheduler state: 'epoch' must be a non-negative int, found {epoch.Int64[0]}."));
        }

        if (state.TryGet("base_lr", out var baseLr) && baseLr.DType == StateDType.Float32 && baseLr.ElementCount == 1)
        {
            // The float32 copy loses digits, so keep the constructor's exact value when they agree.
            if ((float)BaseLearningRate != baseLr.Float32![0])
            {
                BaseLearningRate = baseLr.Float32[0];
            }
        }

        Epoch = (int)epoch.Int64[0];
        Apply();
    }
}
