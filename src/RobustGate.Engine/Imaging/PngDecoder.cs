using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// PNG decoder: every colour type and bit depth, palettes with tRNS, Adam7 interlacing, all five
/// filters, CRC checks. Gives what PIL gives: low-depth gray scaled to 0..255, palettes expanded
/// to RGB (RGBA when the file has tRNS), 16-bit samples reduced to their high byte in
/// <see cref="Decode"/> (full precision from <see cref="DecodeSamples"/>). Corrupt or truncated
/// input throws <see cref="InvalidInputException"/> naming the file.
/// </summary>
public static class PngDecoder
{
    internal static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    internal const uint ChunkIhdr = 0x49484452;
    internal const uint ChunkPlte = 0x504C5445;
    internal const uint ChunkTrns = 0x74524E53;
    internal const uint ChunkIdat = 0x49444154;
    internal const uint ChunkIend = 0x49454E44;

    // Deflate cannot expand data by more than about 1032:1; a header that promises more pixel
    // data than that from the IDAT bytes present is refused before anything large is allocated.
    private const long MaxDeflateRatio = 1100;

    // Adam7: x0, y0, dx, dy for each pass.
    private static ReadOnlySpan<byte> Adam7 => [0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2];

    public static bool IsPng(ReadOnlySpan<byte> bytes) => bytes.StartsWith(Signature);

    /// <summary>Decodes to an 8-bit image with 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels.</summary>
    public static Image Decode(ReadOnlySpan<byte> bytes, string fileName, DecodeLimits? limits = null)
    {
        var png = Parse(bytes, fileName, limits ?? DecodeLimits.Default);
        var image = new Image(png.Width, png.Height, png.OutputChannels);
        try
        {
            Emit(png, fileName, image.Pixels, null);
        }
        finally
        {
            png.ReleaseRaw();
        }

        return image;
    }

    /// <summary>Decodes keeping 16-bit samples (see <see cref="PngSamples"/>).</summary>
    public static PngSamples DecodeSamples(ReadOnlySpan<byte> bytes, string fileName, DecodeLimits? limits = null)
    {
        var png = Parse(bytes, fileName, limits ?? DecodeLimits.Default);
        var samples = new ushort[(long)png.Width * png.Height * png.OutputChannels];
        try
        {
            if (png.BitDepth == 16)
            {
                Emit(png, fileName, null, samples);
            }
            else
            {
                var pixels = new byte[samples.Length];
                Emit(png, fileName, pixels, null);
                for (var i = 0; i < pixels.Length; i++)
                {
                    samples[i] = pixels[i];
                }
            }
        }
        finally
        {
            png.ReleaseRaw();
        }

        return new PngSamples(png.Width, png.Height, png.OutputChannels, png.BitDepth == 16 ? 16 : 8, samples);
    }

    private static ParsedPng Parse(ReadOnlySpan<byte> bytes, string fileName, DecodeLimits limits)
    {
        if (!IsPng(bytes))
        {
            throw new InvalidInputException("not a PNG file: the first 8 bytes are not the PNG signature.", fileName);
        }

        var png = new ParsedPng();
        var reader = new PngChunkReader(bytes, fileName);
        reader.MoveNext();
        if (reader.Type != ChunkIhdr || reader.Data.Length != 13)
        {
            throw new InvalidInputException("PNG: expected a 13-byte IHDR chunk first.", fileName);
        }

        ReadHeader(reader.Data, png, fileName, limits);

        // IDAT payloads are gathered in two walks: one to size the buffer, one to copy.
        long idatTotal = 0;
        var sawIend = false;
        var afterHeader = reader;
        while (!sawIend)
        {
            reader.MoveNext();
            switch (reader.Type)
            {
                case ChunkPlte:
                    ReadPalette(reader.Data, png, fileName);
                    break;
                case ChunkTrns:
                    if (png.ColorType == 3)
                    {
                        ReadPaletteAlpha(reader.Data, png);
                    }

                    break;
                case ChunkIdat:
                    idatTotal += reader.Data.Length;
                    break;
                case ChunkIend:
                    sawIend = true;
                    break;
                case ChunkIhdr:
                    throw new InvalidInputException($"PNG: a second IHDR chunk at byte {reader.ChunkOffset}; expected exactly one.", fileName);
                default:
                    break;
            }
        }

        if (idatTotal == 0)
        {
            throw new InvalidInputException("PNG: no IDAT chunk; expected the compressed image data.", fileName);
        }

        if (png.ColorType == 3 && !png.HasPalette)
        {
            throw new InvalidInputException("PNG: colour type 3 (palette) but no PLTE chunk before the image data.", fileName);
        }

        png.OutputChannels = png.ColorType switch
        {
            0 => 1,
            2 => 3,
            3 => png.HasPaletteAlpha ? 4 : 3,
            4 => 2,
            _ => 4,
        };

        long rawLength = 0;
        foreach (var pass in Passes(png))
        {
            rawLength += (long)pass.Height * (1 + pass.RowBytes);
        }

        if (rawLength > idatTotal * MaxDeflateRatio + 1024)
        {
            throw new InvalidInputException(
                $"PNG truncated: {png.Width}x{png.Height} needs {rawLength} bytes of pixel data but the {idatTotal} compressed IDAT bytes cannot hold that many.",
                fileName);
        }

        // Pooled: fresh pages are slow to touch and this buffer dies with the call.
        var compressed = ArrayPool<byte>.Shared.Rent((int)idatTotal);
        var at = 0;
        reader = afterHeader;
        while (true)
        {
            reader.MoveNext();
            if (reader.Type == ChunkIdat)
            {
                reader.Data.CopyTo(compressed.AsSpan(at));
                at += reader.Data.Length;
            }
            else if (reader.Type == ChunkIend)
            {
                break;
            }
        }

        try
        {
            png.Raw = Inflate(compressed, (int)idatTotal, rawLength, fileName);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }

        return png;
    }

    private static void ReadHeader(ReadOnlySpan<byte> d, ParsedPng png, string fileName, DecodeLimits limits)
    {
        var width = BinaryPrimitives.ReadUInt32BigEndian(d);
        var height = BinaryPrimitives.ReadUInt32BigEndian(d[4..]);
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new InvalidInputException($"PNG IHDR: size {width}x{height}; expected width and height in 1..2^31-1.", fileName);
        }

        limits.CheckPixels(width, height, fileName);
        png.Width = (int)width;
        png.Height = (int)height;
        png.BitDepth = d[8];
        png.ColorType = d[9];
        var allowed = png.ColorType switch
        {
            0 => png.BitDepth is 1 or 2 or 4 or 8 or 16,
            3 => png.BitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => png.BitDepth is 8 or 16,
            _ => false,
        };
        if (!allowed)
        {
            throw new InvalidInputException(
                $"PNG IHDR: colour type {png.ColorType} with bit depth {png.BitDepth}; expected gray (0) at 1/2/4/8/16, RGB (2), gray+alpha (4) or RGBA (6) at 8/16, palette (3) at 1/2/4/8.",
                fileName);
        }

        if (d[10] != 0 || d[11] != 0)
        {
            throw new InvalidInputException($"PNG IHDR: compression method {d[10]}, filter method {d[11]}; expected 0 and 0.", fileName);
        }

        if (d[12] > 1)
        {
            throw new InvalidInputException($"PNG IHDR: interlace method {d[12]}; expected 0 (none) or 1 (Adam7).", fileName);
        }

        png.Interlaced = d[12] == 1;
        png.FileChannels = png.ColorType switch { 0 or 3 => 1, 2 => 3, 4 => 2, _ => 4 };
        png.BitsPerPixel = png.FileChannels * png.BitDepth;
    }

    private static void ReadPalette(ReadOnlySpan<byte> d, ParsedPng png, string fileName)
    {
        if (d.Length == 0 || d.Length % 3 != 0 || d.Length > 768)
        {
            throw new InvalidInputException($"PNG PLTE: {d.Length} bytes; expected 3 bytes per entry, 1 to 256 entries.", fileName);
        }

        // Entries the file does not define stay opaque black, as PIL shows them.
        for (var i = 0; i < 256; i++)
        {
            png.Palette[(4 * i) + 3] = 255;
        }

        for (var i = 0; i < d.Length / 3; i++)
        {
            png.Palette[4 * i] = d[3 * i];
            png.Palette[(4 * i) + 1] = d[(3 * i) + 1];
            png.Palette[(4 * i) + 2] = d[(3 * i) + 2];
        }

        png.HasPalette = true;
    }

    private static void ReadPaletteAlpha(ReadOnlySpan<byte> d, ParsedPng png)
    {
        for (var i = 0; i < Math.Min(d.Length, 256); i++)
        {
            png.Palette[(4 * i) + 3] = d[i];
        }

        png.HasPaletteAlpha = true;
    }

    private static byte[] Inflate(byte[] compressed, int compressedLength, long rawLength, string fileName)
    {
        if (rawLength > Array.MaxLength)
        {
            throw new InvalidInputException($"PNG: {rawLength} bytes of pixel data is more than one buffer can hold.", fileName);
        }

        var raw = ArrayPool<byte>.Shared.Rent((int)rawLength);
        try
        {
            using var input = new MemoryStream(compressed, 0, compressedLength, writable: false);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            var read = zlib.ReadAtLeast(raw.AsSpan(0, (int)rawLength), (int)rawLength, throwOnEndOfStream: false);
            if (read < rawLength)
            {
                throw new InvalidInputException(
                    $"PNG image data truncated: the IDAT stream inflates to {read} bytes, expected {rawLength}.",
                    fileName);
            }
        }
        catch (InvalidDataException e)
        {
            ArrayPool<byte>.Shared.Return(raw);
            throw new InvalidInputException($"PNG image data (IDAT) is not a valid zlib stream: {e.Message}", fileName, e);
        }
        catch (InvalidInputException)
        {
            ArrayPool<byte>.Shared.Return(raw);
            throw;
        }

        return raw;
    }

    private static List<PassGeometry> Passes(ParsedPng png)
    {
        var passes = new List<PassGeometry>(7);
        if (!png.Interlaced)
        {
            passes.Add(new PassGeometry(0, 0, 1, 1, png.Width, png.Height, RowBytes(png.Width, png.BitsPerPixel)));
            return passes;
        }

        var adam7 = Adam7;
        for (var p = 0; p < 7; p++)
        {
            int x0 = adam7[4 * p], y0 = adam7[(4 * p) + 1], dx = adam7[(4 * p) + 2], dy = adam7[(4 * p) + 3];
            var w = (png.Width - x0 + dx - 1) / dx;
            var h = (png.Height - y0 + dy - 1) / dy;
            if (w > 0 && h > 0)
            {
                passes.Add(new PassGeometry(x0, y0, dx, dy, w, h, RowBytes(w, png.BitsPerPixel)));
            }
        }

        return passes;
    }

    private static int RowBytes(int width, int bitsPerPixel) => (int)((((long)width * bitsPerPixel) + 7) / 8);

    private static void Emit(ParsedPng png, string fileName, byte[]? pixels8, ushort[]? samples16)
    {
        var raw = png.Raw;
        var bpp = Math.Max(1, png.BitsPerPixel / 8);
        var channels = png.OutputChannels;
        var offset = 0;
        byte[]? line8 = null;
        ushort[]? line16 = null;
        foreach (var pass in Passes(png))
        {
            var direct = pass.Dx == 1;
            if (!direct)
            {
                if (pixels8 is not null)
                {
                    line8 ??= new byte[png.Width * channels];
                }
                else
                {
                    line16 ??= new ushort[png.Width * channels];
                }
            }

            ReadOnlySpan<byte> previous = default;
            for (var row = 0; row < pass.Height; row++)
            {
                var filter = raw[offset];
                var line = raw.AsSpan(offset + 1, pass.RowBytes);
                PngFilters.Unfilter(filter, line, previous, bpp, fileName);
                previous = line;
                offset += 1 + pass.RowBytes;

                var y = pass.Y0 + (row * pass.Dy);
                if (pixels8 is not null)
                {
                    var target = direct ? pixels8.AsSpan(y * png.Width * channels, png.Width * channels) : line8!;
                    ExpandRow8(png, line, pass.Width, target);
                    if (!direct)
                    {
                        Scatter(line8!, pass, channels, pixels8.AsSpan(y * png.Width * channels, png.Width * channels));
                    }
                }
                else
                {
                    var target = direct ? samples16.AsSpan(y * png.Width * channels, png.Width * channels) : line16!;
                    ExpandRow16(line, pass.Width * channels, target);
                    if (!direct)
                    {
                        Scatter<ushort>(line16!, pass, channels, samples16.AsSpan(y * png.Width * channels, png.Width * channels));
                    }
                }
            }
        }
    }

    private static void Scatter<T>(ReadOnlySpan<T> packed, PassGeometry pass, int channels, Span<T> row)
    {
        for (var i = 0; i < pass.Width; i++)
        {
            packed.Slice(i * channels, channels).CopyTo(row[((pass.X0 + (i * pass.Dx)) * channels)..]);
        }
    }

    private static void ExpandRow16(ReadOnlySpan<byte> line, int samples, Span<ushort> target)
    {
        for (var i = 0; i < samples; i++)
        {
            target[i] = (ushort)((line[2 * i] << 8) | line[(2 * i) + 1]);
        }
    }

    private static void ExpandRow8(ParsedPng png, ReadOnlySpan<byte> line, int width, Span<byte> target)
    {
        var depth = png.BitDepth;
        if (png.ColorType == 3)
        {
            var palette = png.Palette;
            var channels = png.OutputChannels;
            for (var x = 0; x < width; x++)
            {
                var index = depth == 8 ? line[x] : PackedSample(line, x, depth);
                palette.AsSpan(4 * index, channels).CopyTo(target[(x * channels)..]);
            }

            return;
        }

        var samples = width * png.FileChannels;
        switch (depth)
        {
            case 8:
                line[..samples].CopyTo(target);
                break;
            case 16:
                for (var i = 0; i < samples; i++)
                {
                    target[i] = line[2 * i];
                }

                break;
            default:
                // Gray at 1/2/4 bits, scaled to 0..255 as PIL's "L;1/L;2/L;4" unpackers do.
                var scale = depth switch { 1 => 255, 2 => 85, _ => 17 };
                for (var x = 0; x < width; x++)
                {
                    target[x] = (byte)(PackedSample(line, x, depth) * scale);
                }

                break;
        }
    }

    private static int PackedSample(ReadOnlySpan<byte> line, int x, int depth)
    {
        var bit = x * depth;
        var shift = 8 - depth - (bit & 7);
        return (line[bit >> 3] >> shift) & ((1 << depth) - 1);
    }

    private readonly record struct PassGeometry(int X0, int Y0, int Dx, int Dy, int Width, int Height, int RowBytes);

    private sealed class ParsedPng
    {
        public int Width;
        public int Height;
        public int BitDepth;
        public int ColorType;
        public bool Interlaced;
        public int FileChannels;
        public int BitsPerPixel;
        public int OutputChannels;
        public bool HasPalette;
        public bool HasPaletteAlpha;
        public byte[] Palette = new byte[256 * 4];
        public byte[] Raw = [];

        public void ReleaseRaw()
        {
            if (Raw.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(Raw);
                Raw = [];
            }
        }
    }
}
