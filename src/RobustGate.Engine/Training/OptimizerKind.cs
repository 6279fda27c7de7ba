namespace RobustGate.Engine.Training;

/// <summary>The optimizers a training run can use.</summary>
public enum OptimizerKind
{
    Sgd,
    Adam,
    AdamW,
}
