using System.Text.Json;
using RobustGate.Engine.IO;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Functional;

/// <summary>One PyTorch reference case from ref/engine/ops: named tensors plus the JSON case description.</summary>
internal sealed class ReferenceCase
{
    private readonly SafeTensorsFile file;

    private ReferenceCase(SafeTensorsFile file)
    {
        this.file = file;
        Case = JsonDocument.Parse(file.Metadata["case"]).RootElement;
    }

    public JsonElement Case { get; }

    public static ReferenceCase Load(string name) => new(SafeTensorsFile.Read(SharedData.Path("ref", "engine", "ops", name + ".safetensors")));

    public bool Has(string name) => file.Contains(name);

    public Tensor Tensor(string name)
    {
        var t = file.Get(name);
        return RobustGate.Engine.Tensors.Tensor.FromArray(t.ToFloat32(), t.Shape.Length == 0 ? [] : t.Shape);
    }

    public int[] Int(string name) => file.Get(name).ToInt64().Select(v => checked((int)v)).ToArray();

    public int Arg(string key, int fallback) => Case.TryGetProperty(key, out var v) ? v.GetInt32() : fallback;

    public bool Flag(string key, bool fallback) => Case.TryGetProperty(key, out var v) ? v.GetBoolean() : fallback;

    /// <summary>
    /// The README's tolerance for ops: max abs error &lt;= 1e-4 * max(1, max |reference|) — float32
    /// kernels summing in a different order than PyTorch differ by a few ulps of the largest values.
    /// </summary>
    public static void AssertClose(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.ToArray();
        var a = actual.ToArray();
        var scale = Math.Max(1f, e.Length == 0 ? 0 : e.Max(MathF.Abs));
        var worst = 0f;
        var at = -1;
        for (var i = 0; i < e.Length; i++)
        {
            var d = MathF.Abs(e[i] - a[i]);
            if (!(d <= worst))
            {
                worst = d;
                at = i;
            }
        }

        Assert.True(worst <= 1e-4f * scale, $"{what}: max abs error {worst} at {at} (expected {(at >= 0 ? e[at] : 0)}, got {(at >= 0 ? a[at] : 0)}), tolerance {1e-4f * scale}.");
    }
}
