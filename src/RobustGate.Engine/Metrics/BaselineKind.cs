namespace RobustGate.Engine.Metrics;

/// <summary>Where the CE normaliser came from.</summary>
public enum BaselineKind
{
    /// <summary>The published AlexNet ImageNet-C errors embedded in the engine.</summary>
    AlexNet,

    /// <summary>The setting errors of a previous report.</summary>
    Report,

    /// <summary>A baseline model evaluated in the same run on the same samples.</summary>
    Model,
}
