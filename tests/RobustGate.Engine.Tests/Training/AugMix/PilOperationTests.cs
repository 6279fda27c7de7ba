using RobustGate.Engine.Imaging;
using RobustGate.Engine.IO;
using RobustGate.Engine.Tests.TestSupport;
using RobustGate.Engine.Training.AugMix;

namespace RobustGate.Engine.Tests.Training.AugMix;

/// <summary>
/// Every AugMix operation against PIL 9.4 on gray (mode L, 20×20) and RGB (16×16) images at
/// fixed parameters (TestData/make_reference.py). Tolerance: none. The operations reproduce
/// PIL's arithmetic step for step (integer lookup tables; the affine sampler's double-precision
/// sample points and truncation; ImageEnhance's single-precision blend and 3×3 filter), so every
/// byte must agree.
/// </summary>
public sealed class PilOperationTests
{
    private static readonly string Folder = Path.Combine(SharedData.RepositoryRoot, "tests", "RobustGate.Engine.Tests", "Training", "AugMix", "TestData");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var op in new[] { "autocontrast", "equalize", "posterize", "solarize", "rotate", "shear_x", "shear_y", "translate_x", "translate_y", "color", "contrast", "brightness", "sharpness" })
        {
            data.Add(op, "gray");
            data.Add(op, "rgb");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Operation_matches_pil(string op, string set)
    {
        var inputs = NpyFile.Read(Path.Combine(Folder, $"{set}_inputs.npy"));
        var expected = NpyFile.Read(Path.Combine(Folder, $"{op}_{set}.npy"));
        var (count, h, w, c) = (inputs.Shape[0], inputs.Shape[1], inputs.Shape[2], inputs.Shape[3]);
        var parameters = Parameters(op);
        Assert.Equal([count, parameters.Length, h, w, c], expected.Shape);
        var inputBytes = inputs.ToUInt8();
        var expectedBytes = expected.ToUInt8();
        var size = h * w * c;
        for (var i = 0; i < count; i++)
        {
            var source = new Image(w, h, c, inputBytes.AsSpan(i * size, size).ToArray());
            for (var p = 0; p < parameters.Length; p++)
            {
                var destination = new Image(w, h, c);
                Apply(op, source, destination, parameters[p]);
                var want = expectedBytes.AsSpan(((i * parameters.Length) + p) * size, size);
                var off = 0;
                var maxDiff = 0;
                for (var k = 0; k < size; k++)
                {
                    var diff = Math.Abs(destination.Pixels[k] - want[k]);
                    if (diff != 0)
                    {
                        off++;
                        maxDiff = Math.Max(maxDiff, diff);
                    }
                }

                Assert.True(off == 0, $"{op} {set} image {i} parameter {parameters[p]}: {off} values differ, by up to {maxDiff}");
            }
        }
    }

    private static double[] Parameters(string op) => op switch
    {
        "autocontrast" or "equalize" => [0],
        "posterize" => [1, 2, 3, 4],
        "solarize" => [1, 77, 128, 205, 256],
        "rotate" => [-29, -8, -1, 3, 17, 29],
        "shear_x" or "shear_y" => [-0.29, -0.05, 0.013, 0.21],
        "translate_x" or "translate_y" => [-6, -1, 2, 6],
        _ => [0.1, 0.55, 1.0, 1.37, 1.9],
    };

    private static void Apply(string op, Image source, Image destination, double p)
    {
        switch (op)
        {
            case "autocontrast": LookupTableOps.AutoContrast(source, destination); break;
            case "equalize": LookupTableOps.Equalize(source, destination); break;
            case "posterize": LookupTableOps.Posterize(source, destination, (int)p); break;
            case "solarize": LookupTableOps.Solarize(source, destination, (int)p); break;
            case "rotate": AffineBilinear.Rotate(source, destination, (int)p); break;
            case "shear_x": AffineBilinear.Transform(source, destination, 1, p, 0, 0, 1, 0); break;
            case "shear_y": AffineBilinear.Transform(source, destination, 1, 0, 0, p, 1, 0); break;
            case "translate_x": AffineBilinear.Transform(source, destination, 1, 0, p, 0, 1, 0); break;
            case "translate_y": AffineBilinear.Transform(source, destination, 1, 0, 0, 0, 1, p); break;
            case "color": EnhanceOps.Color(source, destination, (float)p); break;
            case "contrast": EnhanceOps.Contrast(source, destination, (float)p); break;
            case "brightness": EnhanceOps.Brightness(source, destination, (float)p); break;
            case "sharpness": EnhanceOps.Sharpness(source, destination, (float)p); break;
            default: throw new ArgumentException(op, nameof(op));
        }
    }
}
