namespace RobustGate.Engine.Imaging;

/// <summary>
/// Recycles the pixel arrays of images a caller is done with. A fresh 224×224×3 array costs about
/// 0.45 ms of first-touch page faults on the target machines — more than many corruptions take —
/// so corruptions take their output from here, and loops that consume one corrupted image at a
/// time (evaluation, the benchmark) hand it back. An image never returned is simply collected.
/// Thread-safe.
/// </summary>
public static class ImagePool
{
    // Enough for every worker thread to have one image in flight and one waiting, without letting
    // a burst of returns pin an unbounded amount of memory.
    private static readonly int MaxPerShape = Math.Max(8, 2 * Environment.ProcessorCount);

    private static readonly Dictionary<(int Width, int Height, int Channels), Stack<byte[]>> Free = [];

    /// <summary>
    /// An image of the given shape whose pixels are UNDEFINED (a recycled array keeps its old
    /// contents): the caller must write every pixel.
    /// </summary>
    public static Image Rent(int width, int height, int channels)
    {
        lock (Free)
        {
            if (Free.TryGetValue((width, height, channels), out var stack) && stack.Count > 0)
            {
                return new Image(width, height, channels, stack.Pop());
            }
        }

        return new Image(width, height, channels);
    }

    /// <summary>
    /// Gives <paramref name="image"/>'s pixel array back for reuse. The caller must hold no other
    /// reference to the image or its pixels: the next <see cref="Rent"/> overwrites them.
    /// </summary>
    public static void Return(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var key = (image.Width, image.Height, image.Channels);
        lock (Free)
        {
            if (!Free.TryGetValue(key, out var stack))
            {
                stack = new Stack<byte[]>();
                Free[key] = stack;
            }

            // A second return of the same image would hand one array to two renters.
            if (stack.Count < MaxPerShape && !stack.Contains(image.Pixels))
            {
                stack.Push(image.Pixels);
            }
        }
    }
}
