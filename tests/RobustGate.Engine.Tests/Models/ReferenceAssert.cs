using RobustGate.Engine.IO;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Models;

/// <summary>Loading the PyTorch reference files and comparing against them.</summary>
internal static class ReferenceAssert
{
    public static SafeTensorsFile Open(params string[] parts) => SafeTensorsFile.Read(SharedData.Path(["ref", "engine", .. parts]));

    public static Tensor Load(SafeTensorsFile file, string name)
    {
        var entry = file.Get(name);
        return Tensor.FromArray(entry.ToFloat32(), entry.Shape);
    }

    /// <summary>max |a - e| &lt;= tolerance * max(1, max |e|): the README's scale-aware bound.</summary>
    public static void ScaledClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxRef = 1;
        for (var i = 0; i < expected.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }

        AbsoluteClose(expected, actual, tolerance * maxRef, what);
    }

    public static void AbsoluteClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        var at = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs((double)expected[i] - actual[i]);
            if (!(error <= worst))
            {
                worst = error;
                at = i;
            }
        }

        Assert.True(worst <= tolerance, $"{what}: max abs error {worst:g4} at {at} (expected {(at >= 0 ? expected[at] : 0)}, got {(at >= 0 ? actual[at] : 0)}) exceeds {tolerance:g4}");
    }

    /// <summary>Share of elements within <paramref name="tolerance"/>.</summary>
    public static double FractionWithin(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        var within = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            if (Math.Abs((double)expected[i] - actual[i]) <= tolerance)
            {
                within++;
            }
        }

        return (double)within / expected.Length;
    }

    public static StateDict StateDictWithPrefix(SafeTensorsFile file, string prefix)
    {
        var all = StateDictFile.FromSafeTensors(file);
        return all.WithPrefix(prefix);
    }

    /// <summary>||actual - expected|| / ||expected||.</summary>
    public static double RelativeL2(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = (double)actual[i] - expected[i];
            difference += d * d;
            norm += (double)expected[i] * expected[i];
        }

        return Math.Sqrt(difference / Math.Max(norm, double.Epsilon));
    }
}
