using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// ANT's noise generator (spec §1.1): four convolutions with 20 hidden channels, ReLU after the
/// first three, bias everywhere, no normalisation, and a residual from the latent noise z to the
/// output. The 3×3 variant reads z of size (H+2)×(W+2), its second convolution is 3×3 valid, and
/// the residual uses z's centre. Weights start at N(0, 0.01²) with zero bias, so the initial
/// output is ≈ z. The non-trainable L2 size ε is a one-element buffer "epsilon" so it travels
/// with the state dict (replayed generators keep their own ε).
/// </summary>
public sealed class NoiseGenerator : Module
{
    public const int HiddenChannels = 20;

    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly Conv2d _conv3;
    private readonly Conv2d _conv4;
    private readonly Tensor _epsilon;

    public NoiseGenerator(NoiseGeneratorKind kind, int channels, double epsilon, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentNullException.ThrowIfNull(generator);
        Kind = kind;
        Channels = channels;
        _conv1 = RegisterModule("conv1", new Conv2d(channels, HiddenChannels, 1, generator));
        _conv2 = RegisterModule("conv2", new Conv2d(HiddenChannels, HiddenChannels, kind == NoiseGeneratorKind.ThreeByThree ? 3 : 1, generator));
        _conv3 = RegisterModule("conv3", new Conv2d(HiddenChannels, HiddenChannels, 1, generator));
        _conv4 = RegisterModule("conv4", new Conv2d(HiddenChannels, channels, 1, generator));
        foreach (var conv in new[] { _conv1, _conv2, _conv3, _conv4 })
        {
            Init.Normal(conv.Weight, 0, 0.01, generator);
            Init.Constant(conv.Bias!, 0f);
        }

        _epsilon = RegisterBuffer("epsilon", Tensor.Full((float)epsilon, 1));
    }

    public NoiseGeneratorKind Kind { get; }

    public int Channels { get; }

    /// <summary>Latent border per side: 1 for 3×3 (valid convolution), 0 for 1×1.</summary>
    public int Border => Kind == NoiseGeneratorKind.ThreeByThree ? 1 : 0;

    /// <summary>The fixed L2 size of this generator's perturbations, in [0,1] pixel units.</summary>
    public double Epsilon => _epsilon.Span[0];

    /// <summary>Noise for a batch of <paramref name="count"/> images of H×W, from fresh latent draws.</summary>
    public Tensor Generate(Generator random, int count, int height, int width)
    {
        var z = Tensor.Randn(random, count, Channels, height + (2 * Border), width + (2 * Border));
        return Forward(z);
    }

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        // Intermediates stay undisposed: the autograd graph holds them until backward (the
        // models do the same; the pool reclaims them).
        var h1 = F.Relu(_conv1.Forward(input));
        var h2 = F.Relu(_conv2.Forward(h1));
        var h3 = F.Relu(_conv3.Forward(h2));
        var h4 = _conv4.Forward(h3);
        var residual = Border == 0 ? input : CropCentre(input, Border);
        return h4 + residual;
    }

    private static Tensor CropCentre(Tensor input, int border)
    {
        var (n, c, h, w) = (input.Size(0), input.Size(1), input.Size(2), input.Size(3));
        var oh = h - (2 * border);
        var ow = w - (2 * border);
        var result = Tensor.Zeros(n, c, oh, ow);
        var source = input.ReadOnlySpan;
        var target = result.Span;
        for (var plane = 0; plane < n * c; plane++)
        {
            for (var y = 0; y < oh; y++)
            {
                source.Slice((plane * h * w) + ((y + border) * w) + border, ow).CopyTo(target.Slice((plane * oh * ow) + (y * ow), ow));
            }
        }

        return result;
    }
}
