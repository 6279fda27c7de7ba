using System.Security.Cryptography;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// Shared plumbing of datasets: argument checks, a parallel <see cref="FillBatch"/> built on
/// <see cref="Get"/> (each image writes only its own slot, so the result is the same for any
/// thread count), and a content hash computed once.
/// </summary>
public abstract class ImageDatasetBase : IImageDataset
{
    private readonly Lazy<string> _hash;

    protected ImageDatasetBase()
    {
        _hash = new Lazy<string>(() => Convert.ToHexStringLower(ComputeContentHash()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public abstract string Name { get; }

    public int Count => Labels.Count;

    public int ClassCount => ClassNames.Count;

    public abstract IReadOnlyList<string> ClassNames { get; }

    public abstract IReadOnlyList<int> Labels { get; }

    public abstract ImageShape? Shape { get; }

    public (Image Image, int Label) Get(int index)
    {
        CheckIndex(index);
        return (LoadImage(index), Labels[index]);
    }

    public virtual void FillBatch(ReadOnlySpan<int> indices, ImageShape shape, Span<float> destination, Span<int> labels)
    {
        CheckBatch(indices, shape, destination, labels);
        int size = shape.ElementCount;
        int[] order = indices.ToArray();
        for (int i = 0; i < order.Length; i++)
        {
            labels[i] = Labels[order[i]];
        }

        unsafe
        {
            fixed (float* target = destination)
            {
                nint address = (nint)target;
                RunParallel(order.Length, i =>
                {
                    var image = LoadImage(order[i]);
                    if (image.Channels != shape.Channels || image.Height != shape.Height || image.Width != shape.Width)
                    {
                        throw new InvalidInputException($"sample {order[i]} of {Name} is {image.Width}x{image.Height}x{image.Channels}, the batch expects {shape}.", DescribeSource(order[i]));
                    }

                    var slot = new Span<float>((float*)address + ((long)i * size), size);
                    BatchConversion.ImageToPlanarUnit(image, slot);
                });
            }
        }
    }

    public abstract string Describe();

    public string ContentHash() => _hash.Value;

    public override string ToString() => Describe();

    /// <summary>The image at a checked index.</summary>
    protected abstract Image LoadImage(int index);

    /// <summary>The SHA-256 digest of whatever identifies the content.</summary>
    protected abstract byte[] ComputeContentHash();

    /// <summary>The file a sample comes from, for error messages; null when it is not a file of its own.</summary>
    protected virtual string? DescribeSource(int index) => null;

    protected void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {Count} samples.");
        }
    }

    protected void CheckBatch(ReadOnlySpan<int> indices, ImageShape shape, Span<float> destination, Span<int> labels)
    {
        if (destination.Length < (long)indices.Length * shape.ElementCount)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; {indices.Length} images of {shape} need {(long)indices.Length * shape.ElementCount}.", nameof(destination));
        }

        if (labels.Length < indices.Length)
        {
            throw new ArgumentException($"Labels hold {labels.Length} entries; {indices.Length} needed.", nameof(labels));
        }

        foreach (int index in indices)
        {
            CheckIndex(index);
        }
    }

    /// <summary>
    /// Parallel.For that rethrows the first failure itself rather than an AggregateException, so an
    /// InvalidInputException reaches the front end with its exit code.
    /// </summary>
    protected static void RunParallel(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>SHA-256 over the bytes of the given files in order, streamed.</summary>
    protected static byte[] HashFiles(IEnumerable<string> paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (string path in paths)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
                int n;
                while ((n = stream.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"cannot read for hashing: {e.Message}", path, e);
            }
        }

        return hash.GetHashAndReset();
    }
}
