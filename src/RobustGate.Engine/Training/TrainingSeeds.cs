namespace RobustGate.Engine.Training;

/// <summary>
/// Derives independent generator seeds from (run seed, epoch, batch, purpose) by a SplitMix64
/// finaliser over the combined words, so every stream depends only on its position in the run —
/// never on how many batches or threads came before — which is what makes --resume exact.
/// </summary>
internal static class TrainingSeeds
{
    public const ulong Augmentation = 0xA5A5_0001UL;
    public const ulong Recipe = 0xA5A5_0002UL;
    public const ulong NoiseGeneratorInit = 0xA5A5_0003UL;
    public const ulong NoiseGeneratorRetrain = 0xA5A5_0004UL;

    public static ulong For(ulong seed, int epoch, int batch, ulong purpose)
    {
        var x = Mix(seed ^ Mix(purpose));
        x = Mix(x ^ ((ulong)(uint)epoch + 1));
        return Mix(x ^ (((ulong)(uint)batch + 1) << 20));
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
