using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>Builds small PNG files byte by byte for tests, with chosen raw (already filtered) rows.</summary>
internal static class PngTestFiles
{
    public static byte[] Build(int width, int height, int bitDepth, int colorType, int interlace, byte[][] rawRows, byte[]? palette = null, byte[]? trns = null)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)interlace;
        Chunk(ms, "IHDR", ihdr);
        if (palette is not null)
        {
            Chunk(ms, "PLTE", palette);
        }

        if (trns is not null)
        {
            Chunk(ms, "tRNS", trns);
        }

        using var z = new MemoryStream();
        using (var zlib = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
        {
            foreach (var row in rawRows)
            {
                zlib.Write(row);
            }
        }

        Chunk(ms, "IDAT", z.ToArray());
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    public static void Chunk(Stream s, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        s.Write(header);
        s.Write(data);
        var crcInput = header[4..].Concat(data).ToArray();
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, ReferenceCrc(crcInput));
        s.Write(crc);
    }

    // Bitwise CRC-32, independent of the decoder's table-driven one.
    private static uint ReferenceCrc(byte[] data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
