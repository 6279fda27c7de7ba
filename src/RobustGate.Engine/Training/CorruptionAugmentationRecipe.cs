using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Randomness;
using RobustGate.Engine.Text;

namespace RobustGate.Engine.Training;

/// <summary>
/// One ImageNet-C corruption as data augmentation, the training of the overlapping-score models
/// (spec corruptions.md §9.3): the first round(n·<see cref="CorruptedFraction"/>) images of each
/// batch (half by default, the reference's 50/50 clean/corrupted mix) are replaced by their
/// corrupted version, the rest stay clean; labels are unchanged. Each corrupted image gets a
/// severity drawn uniformly from 1..5 and its own corruption seed, both drawn in batch order from
/// the batch generator before any image is corrupted, so the images can be corrupted in parallel
/// and the result is the same for any thread count.
/// </summary>
/// <remarks>
/// Corruptions work on 8-bit images: a float pixel v becomes the byte round(255·clamp(v, 0, 1)),
/// which is exact for data loaded as byte/255 (and for the zero padding and flips of the basic
/// augmentation). The corrupted RGB image goes back to floats through the same conversion the
/// evaluator uses (<see cref="ModelInputSpec.ToTensor"/>; PIL's luma for one-channel models), so
/// the model trains on exactly the images <c>check</c> would show it.
/// </remarks>
public sealed class CorruptionAugmentationRecipe : ITrainingRecipe
{
    private readonly Lock _gate = new();
    private readonly CorruptionProfile? _profile;
    private (CorruptionProfile Profile, ICorruption Corruption)? _resolved;
    private float[] _buffer = [];
    private int[] _severities = [];
    private uint[] _seeds = [];

    /// <summary>
    /// The recipe for corruption <paramref name="corruptionName"/> under <paramref name="profile"/>;
    /// null picks the profile from the image size as <c>check</c> does (CIFAR-10-C parameters up to
    /// 64 px, imagecorruptions' above).
    /// </summary>
    public CorruptionAugmentationRecipe(string corruptionName, CorruptionProfile? profile = null, double corruptedFraction = 0.5)
    {
        ArgumentNullException.ThrowIfNull(corruptionName);
        var known = new CorruptionRegistry(new CorruptionOptions { Profile = profile ?? CorruptionProfile.ImageCorruptions });
        if (!known.TryGet(corruptionName, out var corruption))
        {
            throw new ConfigurationException($"--corruption: unknown corruption '{corruptionName}'.{NameSuggestions.Hint(corruptionName, known.Names)} See 'robustgate corruptions'.");
        }

        if (!(corruptedFraction >= 0 && corruptedFraction <= 1))
        {
            throw new ConfigurationException($"--noise-fraction: expected a number in [0, 1], got {corruptedFraction}.");
        }

        CorruptionName = corruption.Name;
        CorruptedFraction = corruptedFraction;
        _profile = profile;
        if (profile is { } fixedProfile)
        {
            _resolved = (fixedProfile, corruption);
        }
    }

    public string Name => "corruption";

    /// <summary>The corruption applied, e.g. <c>gaussian_noise</c>.</summary>
    public string CorruptionName { get; }

    /// <summary>Share of each batch that is corrupted.</summary>
    public double CorruptedFraction { get; }

    public const int MinSeverity = 1;

    public const int MaxSeverity = 5;

    public void BeginEpoch(RecipeEpochContext context)
    {
    }

    public void PrepareBatch(RecipeBatchContext context, Span<float> pixels, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (c, h, w) = context.SampleShape;
        if (c is not (1 or 3))
        {
            throw new ConfigurationException($"--recipe corruption: corruptions need 1-channel (gray) or 3-channel (RGB) images, the data has {c} channels.");
        }

        var corruption = CorruptionFor(h, w);
        var d = c * h * w;
        var count = BatchSlices.Boundary(labels.Length, CorruptedFraction);
        if (count == 0)
        {
            return;
        }

        // Draw every image's severity and seed first, in batch order: the draws must not depend on
        // which thread corrupts which image.
        if (_severities.Length < count)
        {
            _severities = new int[count];
            _seeds = new uint[count];
        }

        var severities = _severities;
        var seeds = _seeds;
        for (var i = 0; i < count; i++)
        {
            severities[i] = (int)context.Random.NextInt64(MinSeverity, MaxSeverity + 1);
            seeds[i] = (uint)(context.Random.NextUInt64() >> 32);
        }

        var input = new ModelInputSpec(c, h, w);
        // The parallel body cannot capture a span, so the corrupted slice goes through a reused array.
        if (_buffer.Length < count * d)
        {
            _buffer = new float[count * d];
        }

        var buffer = _buffer;
        pixels[..(count * d)].CopyTo(buffer);
        ParallelLoop.For(count, i =>
        {
            var slot = buffer.AsSpan(i * d, d);
            var image = ToImage(slot, c, h, w);
            var corrupted = corruption.Apply(image, severities[i], new NumpyRandom(seeds[i]));
            input.ToTensor(corrupted, slot);
        });
        buffer.AsSpan(0, count * d).CopyTo(pixels);
    }

    public StateDict ExportState() => new();

    public void ImportState(StateDict state, string? file)
    {
    }

    /// <summary>Planar [0,1] floats (C×H×W) to an interleaved 8-bit image: round(255·clamp(v)).</summary>
    internal static Image ToImage(ReadOnlySpan<float> chw, int channels, int height, int width)
    {
        var plane = height * width;
        var image = new Image(width, height, channels);
        var px = image.Pixels;
        for (var ch = 0; ch < channels; ch++)
        {
            var source = chw.Slice(ch * plane, plane);
            for (int p = 0, o = ch; p < plane; p++, o += channels)
            {
                px[o] = (byte)MathF.Round(Math.Clamp(source[p], 0f, 1f) * 255f, MidpointRounding.AwayFromZero);
            }
        }

        return image;
    }

    private ICorruption CorruptionFor(int height, int width)
    {
        lock (_gate)
        {
            var profile = _profile ?? CheckRunner.ResolveProfile(null, new ModelInputSpec(1, height, width));
            if (_resolved is not { } resolved || resolved.Profile != profile)
            {
                resolved = (profile, new CorruptionRegistry(new CorruptionOptions { Profile = profile }).Get(CorruptionName));
                _resolved = resolved;
            }

            return resolved.Corruption;
        }
    }
}
