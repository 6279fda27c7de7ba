namespace RobustGate.Engine.Evaluation;

/// <summary>The family a result setting belongs to; it decides which metrics the setting feeds.</summary>
public enum SuiteKind
{
    /// <summary>Uncorrupted images: feeds the clean error and relative mCE.</summary>
    Clean,

    /// <summary>An ImageNet-C style corruption at a severity: feeds CE, mCE and the mean corruption error.</summary>
    Corruption,

    /// <summary>A noise family at a parameter (for example a sigma): reported per setting and per group.</summary>
    Noise,

    /// <summary>An adversarial attack at a parameter (for example eps): feeds robust accuracy.</summary>
    Attack,
}
