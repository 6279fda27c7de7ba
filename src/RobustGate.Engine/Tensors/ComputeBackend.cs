namespace RobustGate.Engine.Tensors;

/// <summary>Selects the <see cref="IComputeBackend"/> every op uses (process-wide; CPU by default).</summary>
internal static class ComputeBackend
{
    private static IComputeBackend current = CpuBackend.Instance;

    public static IComputeBackend Current
    {
        get => Volatile.Read(ref current);
        set => Volatile.Write(ref current, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
