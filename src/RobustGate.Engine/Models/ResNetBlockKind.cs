namespace RobustGate.Engine.Models;

/// <summary>The residual block a <see cref="ResNet"/> is built from.</summary>
public enum ResNetBlockKind
{
    /// <summary>Two 3x3 convs, expansion 1 (ResNet-18/34).</summary>
    Basic,

    /// <summary>1x1-3x3-1x1, expansion 4 (ResNet-50 and up, Wide ResNet-50-2).</summary>
    Bottleneck,
}
