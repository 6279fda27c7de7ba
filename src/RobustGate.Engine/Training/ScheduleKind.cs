namespace RobustGate.Engine.Training;

/// <summary>Learning-rate schedules, stepped once per epoch.</summary>
public enum ScheduleKind
{
    /// <summary>A constant learning rate.</summary>
    Constant,

    /// <summary>StepLR with <see cref="TrainerOptions.StepSize"/> and <see cref="TrainerOptions.Gamma"/>.</summary>
    Step,

    /// <summary>MultiStepLR at <see cref="TrainerOptions.Milestones"/>.</summary>
    MultiStep,

    /// <summary>Cosine annealing to 0 over the run, after <see cref="TrainerOptions.WarmupEpochs"/>.</summary>
    Cosine,
}
