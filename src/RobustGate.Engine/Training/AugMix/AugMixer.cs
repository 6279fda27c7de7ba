using System.Collections.Concurrent;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// Augment-and-mix (spec §3.2) of images given as floats in [0,1], C×H×W: each image is turned
/// back into the 8-bit image it came from (x·255 rounded, exact for data decoded from bytes),
/// w ~ Dirichlet(α…α) and m ~ Beta(α, α) are drawn (as float32, like the reference), k chains of
/// operations run on copies of it, and the output is (1 − m)·x + m·Σ wᵢ·chainᵢ/255 in float32,
/// i.e. the mix in [0,1] space. Every image draws from its own generator seeded by the caller,
/// so the result is the same for any thread count.
/// </summary>
public sealed class AugMixer
{
    private const int SamplesPerTask = 8;
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    public AugMixer(AugMixOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Operations = options.AllOperations ? AugMixOperations.All : AugMixOperations.Default;
    }

    public AugMixOptions Options { get; }

    /// <summary>The operation list chains choose from (uniformly, with replacement).</summary>
    public IReadOnlyList<AugMixOperation> Operations { get; }

    /// <summary>
    /// Writes augmix(source image i) to destination image i for i &lt; seeds.Length, image i
    /// drawing from a generator seeded with seeds[i]. Destination image i may be source image i
    /// (each image is read whole before its output is written) but no other source image.
    /// </summary>
    public void Mix(float[] source, int sourceOffset, float[] destination, int destinationOffset, (int C, int H, int W) shape, ulong[] seeds)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(seeds);
        var (c, h, w) = shape;
        if (c is not (1 or 3))
        {
            throw new InvalidInputException($"AugMix works on gray or RGB images; these have {c} channels.");
        }

        var d = c * h * w;
        if (sourceOffset < 0 || destinationOffset < 0 || (long)sourceOffset + ((long)seeds.Length * d) > source.Length || (long)destinationOffset + ((long)seeds.Length * d) > destination.Length)
        {
            throw new ArgumentException($"{seeds.Length} images of {d} values do not fit the buffers.", nameof(seeds));
        }

        var tasks = (seeds.Length + SamplesPerTask - 1) / SamplesPerTask;
        ParallelLoop.For(tasks, task =>
        {
            var workspace = Rent(shape);
            var end = Math.Min(seeds.Length, (task + 1) * SamplesPerTask);
            for (var i = task * SamplesPerTask; i < end; i++)
            {
                MixOne(source.AsSpan(sourceOffset + (i * d), d), destination.AsSpan(destinationOffset + (i * d), d), new Generator(seeds[i]), workspace);
            }

            _workspaces.Add(workspace);
        });
    }

    private void MixOne(ReadOnlySpan<float> image, Span<float> output, Generator random, Workspace workspace)
    {
        var original = workspace.Original;
        ToBytes(image, original);
        var weights = workspace.Weights;
        GammaSampling.Dirichlet(random, Options.Alpha, weights);
        var m = (float)GammaSampling.Beta(random, Options.Alpha, Options.Alpha);
        var mix = workspace.Mix;
        mix.AsSpan().Clear();
        for (var chain = 0; chain < weights.Length; chain++)
        {
            var current = workspace.First;
            var spare = workspace.Second;
            original.Pixels.CopyTo(current.Pixels, 0);
            var depth = Options.Depth > 0 ? Options.Depth : (int)random.NextInt64(1, 4);
            for (var step = 0; step < depth; step++)
            {
                var operation = Operations[(int)random.NextInt64(0, Operations.Count)];
                AugMixOperations.Apply(operation, current, spare, Options.Severity, random);
                (current, spare) = (spare, current);
            }

            Accumulate(current, (float)weights[chain], mix);
        }

        var keep = 1f - m;
        var pixels = original.Pixels;
        var channels = original.Channels;
        var plane = original.Width * original.Height;
        for (var k = 0; k < channels; k++)
        {
            for (var p = 0; p < plane; p++)
            {
                var o = (k * plane) + p;
                output[o] = (keep * (pixels[(p * channels) + k] / 255f)) + (m * mix[o]);
            }
        }
    }

    /// <summary>C×H×W floats in [0,1] to the interleaved 8-bit image: x·255 rounded, exact for x = b/255.</summary>
    internal static void ToBytes(ReadOnlySpan<float> image, Image target)
    {
        var channels = target.Channels;
        var plane = target.Width * target.Height;
        var pixels = target.Pixels;
        for (var k = 0; k < channels; k++)
        {
            for (var p = 0; p < plane; p++)
            {
                pixels[(p * channels) + k] = (byte)Math.Clamp(MathF.Round(image[(k * plane) + p] * 255f), 0f, 255f);
            }
        }
    }

    private static void Accumulate(Image chain, float weight, float[] mix)
    {
        // mix += wᵢ·ToTensor(chainᵢ), in the reference's float32 order.
        var channels = chain.Channels;
        var plane = chain.Width * chain.Height;
        var pixels = chain.Pixels;
        for (var k = 0; k < channels; k++)
        {
            for (var p = 0; p < plane; p++)
            {
                mix[(k * plane) + p] += weight * (pixels[(p * channels) + k] / 255f);
            }
        }
    }

    private Workspace Rent((int C, int H, int W) shape)
    {
        while (_workspaces.TryTake(out var workspace))
        {
            if (workspace.Fits(shape, Options.Width))
            {
                return workspace;
            }
        }

        return new Workspace(shape, Options.Width);
    }

    /// <summary>Per-task buffers, reused across batches.</summary>
    private sealed class Workspace((int C, int H, int W) shape, int width)
    {
        public Image Original { get; } = new(shape.W, shape.H, shape.C);

        public Image First { get; } = new(shape.W, shape.H, shape.C);

        public Image Second { get; } = new(shape.W, shape.H, shape.C);

        public float[] Mix { get; } = new float[shape.C * shape.H * shape.W];

        public double[] Weights { get; } = new double[width];

        public bool Fits((int C, int H, int W) other, int chains) => other == shape && chains == Weights.Length;
    }
}
