using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// PNG encoder for 8-bit gray, gray+alpha, RGB and RGBA images. Output is deterministic: each row
/// takes the filter with the smallest sum of absolute residuals (libpng's heuristic, ties to the
/// lower filter number), compressed by zlib at a fixed level: 3 by default, which on photographs
/// gives files within about 1.5% of zlib's default level 6 in clearly less time (224 px photo:
/// 84.4 KB at level 3, 83.3 KB at 6, 114.8 KB at 1).
/// </summary>
public static class PngEncoder
{
    public const int DefaultCompressionLevel = 3;

    public static byte[] Encode(Image image, int compressionLevel = DefaultCompressionLevel)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegative(compressionLevel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(compressionLevel, 9);
        if (image.Width == 0 || image.Height == 0)
        {
            throw new ArgumentException("A PNG must be at least 1x1.", nameof(image));
        }

        var channels = image.Channels;
        var rowBytes = image.Width * channels;
        var filteredLength = checked(image.Height * (rowBytes + 1));
        var filtered = ArrayPool<byte>.Shared.Rent(filteredLength);
        var candidate = new byte[rowBytes];
        var best = new byte[rowBytes];
        for (var y = 0; y < image.Height; y++)
        {
            ReadOnlySpan<byte> line = image.Row(y);
            ReadOnlySpan<byte> previous = y == 0 ? default : image.Row(y - 1);
            var bestFilter = PngFilters.None;
            var bestCost = long.MaxValue;
            for (var filter = PngFilters.None; filter <= PngFilters.Paeth; filter++)
            {
                var output = filter == PngFilters.None ? best : candidate;
                PngFilters.Filter(filter, line, previous, channels, output);
                var cost = ResidualCost(output);

                if (cost < bestCost)
                {
                    bestCost = cost;
                    bestFilter = filter;
                    if (filter != PngFilters.None)
                    {
                        candidate.CopyTo(best, 0);
                    }
                }
            }

            var at = y * (rowBytes + 1);
            filtered[at] = bestFilter;
            best.CopyTo(filtered, at + 1);
        }

        using var compressed = new MemoryStream(filteredLength / 2);
        using (var zlib = new ZLibStream(compressed, new ZLibCompressionOptions { CompressionLevel = compressionLevel }, leaveOpen: true))
        {
            zlib.Write(filtered, 0, filteredLength);
        }

        ArrayPool<byte>.Shared.Return(filtered);

        using var file = new MemoryStream((int)compressed.Length + 128);
        file.Write(PngDecoder.Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8;
        header[9] = channels switch { 1 => 0, 2 => 4, 3 => 2, _ => 6 };
        header[10] = 0;
        header[11] = 0;
        header[12] = 0;
        WriteChunk(file, PngDecoder.ChunkIhdr, header);
        WriteChunk(file, PngDecoder.ChunkIdat, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        WriteChunk(file, PngDecoder.ChunkIend, default);
        return file.ToArray();
    }

    /// <summary>Sum of |residual| with residuals read as signed bytes: min(b, 256 - b) per byte.</summary>
    private static long ResidualCost(ReadOnlySpan<byte> residuals)
    {
        long cost = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 32 <= residuals.Length; i += 32)
            {
                var v = Vector256.Create(residuals.Slice(i, 32));
                var magnitude = Vector256.Min(v, Vector256<byte>.Zero - v);
                var (lo, hi) = Vector256.Widen(magnitude);
                cost += Vector256.Sum(lo + hi);
            }
        }

        for (; i < residuals.Length; i++)
        {
            var r = residuals[i];
            cost += r < 128 ? r : 256 - r;
        }

        return cost;
    }

    private static void WriteChunk(Stream stream, uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        BinaryPrimitives.WriteUInt32BigEndian(word, type);
        stream.Write(word);
        stream.Write(data);
        var crc = IO.Crc32.Append(IO.Crc32.Compute(word), data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }
}
