using System.Text.Json;
using RobustGate.Engine.Attacks;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.Models;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>FGSM and PGD-L∞ against the PyTorch examples in ref/engine/models/resnet18-cifar.eval.safetensors.</summary>
public sealed class ReferenceParityTests
{
    // The reference README: adversarial examples agree when >= 99.9 % of elements are within 1e-6
    // (a sign can flip where a gradient is ~0, moving one element by 2·alpha).
    private const double ElementTolerance = 1e-6;
    private const double RequiredFraction = 0.999;

    [Fact]
    public void Fgsm_matches_the_pytorch_example()
    {
        var (model, file, images, labels, caseJson) = Load();
        var eps = caseJson.GetProperty("fgsm").GetProperty("eps").GetDouble();
        var result = new Fgsm(new AttackParameters { Eps = eps, StopOnSuccess = false }).Run(model, images, labels, 0);
        var fraction = ReferenceAssert.FractionWithin(file.Get("fgsm_adv").ToFloat32(), result.Adversarial, ElementTolerance);
        Assert.True(fraction >= RequiredFraction, $"only {fraction:P3} of FGSM elements within {ElementTolerance}");
    }

    [Fact]
    public void Pgd_linf_from_the_given_start_matches_the_pytorch_example()
    {
        var (model, file, images, labels, caseJson) = Load();
        var pgd = caseJson.GetProperty("pgd_linf");
        var attack = new ProjectedGradientDescent(AttackNorm.Linf, new AttackParameters
        {
            Eps = pgd.GetProperty("eps").GetDouble(),
            Alpha = pgd.GetProperty("alpha").GetDouble(),
            Steps = pgd.GetProperty("steps").GetInt32(),
            StopOnSuccess = false,
        });
        var start = ReferenceAssert.Load(file, "pgd_start");
        var result = attack.RunFromStart(model, images, labels, start);
        var fraction = ReferenceAssert.FractionWithin(file.Get("pgd_adv").ToFloat32(), result.Adversarial, ElementTolerance);
        Assert.True(fraction >= RequiredFraction, $"only {fraction:P3} of PGD elements within {ElementTolerance}");
        Assert.True(model.Training, "the attack must restore the caller's training mode");
    }

    private static (NormalizedModel Model, Engine.IO.SafeTensorsFile File, Tensor Images, int[] Labels, JsonElement Case) Load()
    {
        var file = ReferenceAssert.Open("models", "resnet18-cifar.eval.safetensors");
        var caseJson = JsonDocument.Parse(file.Metadata["case"]).RootElement;
        var mean = caseJson.GetProperty("mean").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var std = caseJson.GetProperty("std").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var model = ModelRegistry.Get("resnet18-cifar").Create(10, 3, 0, mean, std);
        model.Load(SharedData.Path("ref", "engine", "models", "resnet18-cifar.weights.safetensors"));

        // Left in training mode on purpose: the attack must switch to eval (BN running statistics) itself.
        model.Train();
        var images = ReferenceAssert.Load(file, "input");
        var labels = file.Get("labels").ToInt64().Select(v => (int)v).ToArray();
        return (model, file, images, labels, caseJson);
    }
}
