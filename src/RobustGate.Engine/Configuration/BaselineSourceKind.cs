namespace RobustGate.Engine.Configuration;

/// <summary>What <c>baseline</c> names.</summary>
public enum BaselineSourceKind
{
    /// <summary><c>"alexnet"</c>: the published AlexNet ImageNet-C errors.</summary>
    AlexNet,

    /// <summary>A path to a previous <c>robustgate-report/1</c> JSON file.</summary>
    Report,

    /// <summary><c>{ "model": { ... } }</c>: a baseline model evaluated in the same run.</summary>
    Model,
}
