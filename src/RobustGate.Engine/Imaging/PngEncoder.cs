using System.Buffers.Binary;
using System.IO.Compression;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// PNG encoder for 8-bit gray, gray+alpha, RGB and RGBA images. Output is deterministic: each row
/// takes the filter with the smallest sum of absolute residuals (libpng's heuristic, ties to the
/// lower filter number), compressed by zlib at a fixed level.
/// </summary>
public static class PngEncoder
{
    public static byte[] Encode(Image image, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width == 0 || image.Height == 0)
        {
            throw new ArgumentException("A PNG must be at least 1x1.", nameof(image));
        }

        var channels = image.Channels;
        var rowBytes = image.Width * channels;
        var filtered = new byte[(long)image.Height * (rowBytes + 1)];
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
                long cost = 0;
                foreach (var r in output)
                {
                    cost += r < 128 ? r : 256 - r;
                }

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

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, level, leaveOpen: true))
        {
            zlib.Write(filtered);
        }

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

    private static void WriteChunk(Stream stream, uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        BinaryPrimitives.WriteUInt32BigEndian(word, type);
        stream.Write(word);
        stream.Write(data);
        var crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, word), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }
}
