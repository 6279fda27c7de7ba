namespace RobustGate.Engine.Imaging;

/// <summary>The five PNG scanline filters (none, sub, up, average, Paeth), both directions.</summary>
internal static class PngFilters
{
    public const byte None = 0;
    public const byte Sub = 1;
    public const byte Up = 2;
    public const byte Average = 3;
    public const byte Paeth = 4;

    /// <summary>Reverses a filter in place; <paramref name="previous"/> is empty for a pass's first row.</summary>
    public static void Unfilter(byte filter, Span<byte> line, ReadOnlySpan<byte> previous, int bpp, string fileName)
    {
        var n = line.Length;
        switch (filter)
        {
            case None:
                break;
            case Sub:
                for (var i = bpp; i < n; i++)
                {
                    line[i] += line[i - bpp];
                }

                break;
            case Up:
                if (!previous.IsEmpty)
                {
                    for (var i = 0; i < n; i++)
                    {
                        line[i] += previous[i];
                    }
                }

                break;
            case Average:
                if (previous.IsEmpty)
                {
                    for (var i = bpp; i < n; i++)
                    {
                        line[i] += (byte)(line[i - bpp] >> 1);
                    }
                }
                else
                {
                    for (var i = 0; i < Math.Min(bpp, n); i++)
                    {
                        line[i] += (byte)(previous[i] >> 1);
                    }

                    for (var i = bpp; i < n; i++)
                    {
                        line[i] += (byte)((line[i - bpp] + previous[i]) >> 1);
                    }
                }

                break;
            case Paeth:
                if (previous.IsEmpty)
                {
                    // With no row above, Paeth always predicts from the left: it is Sub.
                    for (var i = bpp; i < n; i++)
                    {
                        line[i] += line[i - bpp];
                    }
                }
                else
                {
                    for (var i = 0; i < Math.Min(bpp, n); i++)
                    {
                        line[i] += previous[i];
                    }

                    for (var i = bpp; i < n; i++)
                    {
                        line[i] += PaethPredictor(line[i - bpp], previous[i], previous[i - bpp]);
                    }
                }

                break;
            default:
                throw new InvalidInputException($"PNG scanline filter type {filter}; expected 0 to 4.", fileName);
        }
    }

    /// <summary>Applies a filter: <paramref name="output"/>[i] = line[i] - prediction.</summary>
    public static void Filter(byte filter, ReadOnlySpan<byte> line, ReadOnlySpan<byte> previous, int bpp, Span<byte> output)
    {
        var n = line.Length;
        var first = Math.Min(bpp, n);
        var hasPrevious = !previous.IsEmpty;
        switch (filter)
        {
            case Sub:
                line[..first].CopyTo(output);
                for (var i = bpp; i < n; i++)
                {
                    output[i] = (byte)(line[i] - line[i - bpp]);
                }

                break;
            case Up:
                for (var i = 0; i < n; i++)
                {
                    output[i] = (byte)(line[i] - (hasPrevious ? previous[i] : 0));
                }

                break;
            case Average:
                for (var i = 0; i < first; i++)
                {
                    output[i] = (byte)(line[i] - ((hasPrevious ? previous[i] : 0) >> 1));
                }

                for (var i = bpp; i < n; i++)
                {
                    output[i] = (byte)(line[i] - ((line[i - bpp] + (hasPrevious ? previous[i] : 0)) >> 1));
                }

                break;
            case Paeth:
                if (!hasPrevious)
                {
                    // With no row above Paeth predicts from the left, as Sub does.
                    Filter(Sub, line, previous, bpp, output);
                    break;
                }

                for (var i = 0; i < first; i++)
                {
                    output[i] = (byte)(line[i] - previous[i]);
                }

                for (var i = bpp; i < n; i++)
                {
                    output[i] = (byte)(line[i] - PaethPredictor(line[i - bpp], previous[i], previous[i - bpp]));
                }

                break;
            default:
                line.CopyTo(output);
                break;
        }
    }

    public static byte PaethPredictor(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
    }
}
