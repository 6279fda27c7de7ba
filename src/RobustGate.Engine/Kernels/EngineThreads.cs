using System.Globalization;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The number of threads the engine's kernels may use. Defaults to <see cref="Environment.ProcessorCount"/>;
/// the environment variable <c>ROBUSTGATE_THREADS</c> overrides the default. Results never depend on this
/// value: kernels partition work so that every output element is computed the same way at any count.
/// </summary>
public static class EngineThreads
{
    public const string EnvironmentVariable = "ROBUSTGATE_THREADS";

    // 0 until first read, so that a malformed environment value surfaces as a ConfigurationException
    // from the caller rather than as a TypeInitializationException.
    private static int count;

    public static int Count
    {
        get
        {
            var value = Volatile.Read(ref count);
            if (value == 0)
            {
                value = DefaultCount();
                Interlocked.CompareExchange(ref count, value, 0);
                value = Volatile.Read(ref count);
            }

            return value;
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref count, value);
        }
    }

    /// <summary>The value <see cref="Count"/> starts with: the environment override, else the processor count.</summary>
    public static int DefaultCount()
    {
        var text = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return Environment.ProcessorCount;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            throw new ConfigurationException($"Environment variable {EnvironmentVariable}: expected a positive integer thread count, got '{text}'.");
        }

        return value;
    }
}
