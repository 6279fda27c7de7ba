using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// Baseline JPEG encoder that writes what libjpeg-turbo writes for PIL's
/// <c>save(format="JPEG", quality=q, subsampling=s)</c>: IJG tables scaled by quality (clamped to
/// 1..255), standard Huffman tables, libjpeg's RGB-&gt;YCbCr, edge padding and downsampling (with
/// its alternating bias), islow forward DCT and its quantiser. Gray images give 1-component files;
/// an alpha channel is dropped.
/// </summary>
public static class JpegEncoder
{
    public const int DefaultQuality = 75;

    /// <param name="restartInterval">MCUs between restart markers; 0 writes none (PIL's default).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] Encode(Image image, int quality = DefaultQuality, JpegSubsampling subsampling = JpegSubsampling.Yuv420, int restartInterval = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        ArgumentOutOfRangeException.ThrowIfNegative(restartInterval);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(restartInterval, 65535);
        if (image.Width is < 1 or > 65535 || image.Height is < 1 or > 65535)
        {
            throw new ArgumentException($"JPEG sizes are 1..65535 pixels per side; the image is {image.Width}x{image.Height}.", nameof(image));
        }

        var gray = image.Channels <= 2;
        var (hY, vY) = gray ? (1, 1) : subsampling switch
        {
            JpegSubsampling.Yuv444 => (1, 1),
            JpegSubsampling.Yuv422 => (2, 1),
            JpegSubsampling.Yuv440 => (1, 2),
            _ => (2, 2),
        };
        var plan = new EncodePlan(image.Width, image.Height, hY, vY, gray ? 1 : 3);
        var planes = BuildPlanes(image, plan);
        var luminance = JpegStandardTables.ScaledTable(JpegStandardTables.Luminance, quality);
        var chrominance = JpegStandardTables.ScaledTable(JpegStandardTables.Chrominance, quality);

        using var stream = new MemoryStream(image.Width * image.Height / 2 + 1024);
        WriteHeaders(stream, plan, luminance, chrominance, restartInterval);
        try
        {
            WriteScan(stream, plan, planes, [new JpegQuantDivisors(luminance), new JpegQuantDivisors(chrominance)], restartInterval);
        }
        finally
        {
            foreach (var plane in planes)
            {
                ArrayPool<byte>.Shared.Return(plane);
            }
        }

        stream.WriteByte(0xFF);
        stream.WriteByte(0xD9);
        return stream.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[][] BuildPlanes(Image image, EncodePlan plan)
    {
        int w = image.Width, h = image.Height, channels = image.Channels;
        var pool = ArrayPool<byte>.Shared;
        var full = new byte[plan.Components][];
        try
        {
            for (var c = 0; c < plan.Components; c++)
            {
                full[c] = pool.Rent(w * h);
            }

            var pixels = image.Pixels;
            if (plan.Components == 1)
            {
                for (var i = 0; i < w * h; i++)
                {
                    full[0][i] = pixels[i * channels];
                }
            }
            else
            {
                JpegColor.RgbToYccPlanes(pixels, channels, w * h, full[0], full[1], full[2]);
            }

            var planes = new byte[plan.Components][];
            for (var c = 0; c < plan.Components; c++)
            {
                planes[c] = Downsample(full[c], plan, c);
            }

            return planes;
        }
        finally
        {
            foreach (var buffer in full)
            {
                if (buffer is not null)
                {
                    pool.Return(buffer);
                }
            }
        }
    }

    /// <summary>
    /// One component's samples over the whole MCU grid (a pooled buffer): the full-resolution
    /// plane is padded right and down by replication (to the width the downsampler reads and a
    /// multiple of max V rows), downsampled, then its last row repeated to the MCU-row boundary,
    /// as jcprepct.c and jcsample.c do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] Downsample(byte[] full, EncodePlan plan, int component)
    {
        var (h, v) = plan.Factors(component);
        var rh = plan.MaxH / h;
        var rv = plan.MaxV / v;
        var outCols = plan.WidthInBlocks(component) * 8;
        var stride = plan.Stride(component);
        var rowsTotal = plan.McusY * v * 8;
        var plane = ArrayPool<byte>.Shared.Rent(stride * rowsTotal);
        var inRows = (plan.Height + plan.MaxV - 1) / plan.MaxV * plan.MaxV;
        var outRows = inRows / rv;
        var inCols = outCols * rh;
        var padded = ArrayPool<byte>.Shared.Rent(inCols * rv);
        var width = plan.Width;
        try
        {
            for (var oy = 0; oy < outRows; oy++)
            {
                // The rv source rows, each widened to inCols by repeating its last sample.
                for (var dy = 0; dy < rv; dy++)
                {
                    var y = Math.Min((oy * rv) + dy, plan.Height - 1);
                    var target = padded.AsSpan(dy * inCols, inCols);
                    full.AsSpan(y * width, width).CopyTo(target);
                    target[width..].Fill(full[(y * width) + width - 1]);
                }

                var dst = plane.AsSpan(oy * stride, outCols);
                var r0 = padded.AsSpan(0, inCols);
                switch ((rh, rv))
                {
                    case (1, 1):
                        r0.CopyTo(dst);
                        break;
                    case (2, 1):
                        // h2v1_downsample: bias 0, 1, 0, 1, ...
                        for (var ox = 0; ox < outCols; ox++)
                        {
                            dst[ox] = (byte)((r0[2 * ox] + r0[(2 * ox) + 1] + (ox & 1)) >> 1);
                        }

                        break;
                    case (2, 2):
                        {
                            // h2v2_downsample: bias 1, 2, 1, 2, ...
                            var r1 = padded.AsSpan(inCols, inCols);
                            var ox = DownsampleH2V2Vector(r0, r1, dst);
                            for (; ox < outCols; ox++)
                            {
                                var x = 2 * ox;
                                dst[ox] = (byte)((r0[x] + r0[x + 1] + r1[x] + r1[x + 1] + 1 + (ox & 1)) >> 2);
                            }

                            break;
                        }

                    default:
                        {
                            // int_downsample: the box average, rounded by half the count.
                            var count = rh * rv;
                            for (var ox = 0; ox < outCols; ox++)
                            {
                                var sum = count / 2;
                                for (var dy = 0; dy < rv; dy++)
                                {
                                    var row = padded.AsSpan((dy * inCols) + (ox * rh), rh);
                                    foreach (var value in row)
                                    {
                                        sum += value;
                                    }
                                }

                                dst[ox] = (byte)(sum / count);
                            }

                            break;
                        }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(padded);
        }

        for (var oy = outRows; oy < rowsTotal; oy++)
        {
            plane.AsSpan((outRows - 1) * stride, outCols).CopyTo(plane.AsSpan(oy * stride));
        }

        return plane;
    }

    /// <summary>
    /// h2v2_downsample 32 outputs at a time: byte pairs summed by pmaddubsw (times 1), the two rows
    /// added in 16 bits (at most 1022), the alternating bias 1, 2 added and shifted, as the scalar
    /// loop does. Steps start at even outputs, so the bias pattern is the same for every step.
    /// Returns how many outputs it wrote.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DownsampleH2V2Vector(ReadOnlySpan<byte> r0, ReadOnlySpan<byte> r1, Span<byte> dst)
    {
        if (!Avx512BW.IsSupported)
        {
            return 0;
        }

        var steps = Math.Min(Math.Min(r0.Length, r1.Length) / 64, dst.Length / 32);
        ref var upper = ref MemoryMarshal.GetReference(r0);
        ref var lower = ref MemoryMarshal.GetReference(r1);
        ref var target = ref MemoryMarshal.GetReference(dst);
        var ones = Vector512.Create((sbyte)1);
        var bias = Vector512.Create(0x0002_0001).AsInt16();
        for (var step = 0; step < steps; step++)
        {
            var a = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref upper, (nuint)(step * 64)), ones);
            var b = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref lower, (nuint)(step * 64)), ones);
            var sums = Vector512.ShiftRightLogical(a + b + bias, 2);
            Avx512BW.ConvertToVector256Byte(sums).StoreUnsafe(ref target, (nuint)(step * 32));
        }

        return steps * 32;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteHeaders(MemoryStream s, EncodePlan plan, ushort[] luminance, ushort[] chrominance, int restartInterval)
    {
        s.Write([0xFF, 0xD8]);
        // JFIF 1.01, no units, 1:1 density, no thumbnail: what libjpeg writes by default.
        WriteSegment(s, 0xE0, [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        WriteQuant(s, 0, luminance);
        if (plan.Components == 3)
        {
            WriteQuant(s, 1, chrominance);
        }

        var sof = new byte[6 + (3 * plan.Components)];
        sof[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(1), (ushort)plan.Height);
        BinaryPrimitives.WriteUInt16BigEndian(sof.AsSpan(3), (ushort)plan.Width);
        sof[5] = (byte)plan.Components;
        for (var c = 0; c < plan.Components; c++)
        {
            var (h, v) = plan.Factors(c);
            sof[6 + (3 * c)] = (byte)(c + 1);
            sof[7 + (3 * c)] = (byte)((h << 4) | v);
            sof[8 + (3 * c)] = (byte)(c == 0 ? 0 : 1);
        }

        WriteSegment(s, 0xC0, sof);
        WriteHuffman(s, 0x00, JpegStandardTables.DcLuminanceCounts, JpegStandardTables.DcValues);
        WriteHuffman(s, 0x10, JpegStandardTables.AcLuminanceCounts, JpegStandardTables.AcLuminanceValues);
        if (plan.Components == 3)
        {
            WriteHuffman(s, 0x01, JpegStandardTables.DcChrominanceCounts, JpegStandardTables.DcValues);
            WriteHuffman(s, 0x11, JpegStandardTables.AcChrominanceCounts, JpegStandardTables.AcChrominanceValues);
        }

        if (restartInterval > 0)
        {
            WriteSegment(s, 0xDD, [(byte)(restartInterval >> 8), (byte)restartInterval]);
        }

        var sos = new byte[4 + (2 * plan.Components)];
        sos[0] = (byte)plan.Components;
        for (var c = 0; c < plan.Components; c++)
        {
            sos[1 + (2 * c)] = (byte)(c + 1);
            sos[2 + (2 * c)] = (byte)(c == 0 ? 0x00 : 0x11);
        }

        sos[^3] = 0;
        sos[^2] = 63;
        sos[^1] = 0;
        WriteSegment(s, 0xDA, sos);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteQuant(MemoryStream s, int id, ushort[] table)
    {
        var data = new byte[65];
        data[0] = (byte)id;
        var natural = JpegZigzag.NaturalOrder;
        for (var k = 0; k < 64; k++)
        {
            data[1 + k] = (byte)table[natural[k]];
        }

        WriteSegment(s, 0xDB, data);
    }

    private static void WriteHuffman(MemoryStream s, byte classAndId, ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        var data = new byte[17 + values.Length];
        data[0] = classAndId;
        counts.CopyTo(data.AsSpan(1));
        values.CopyTo(data.AsSpan(17));
        WriteSegment(s, 0xC4, data);
    }

    private static void WriteSegment(MemoryStream s, byte marker, ReadOnlySpan<byte> data)
    {
        s.WriteByte(0xFF);
        s.WriteByte(marker);
        s.WriteByte((byte)((data.Length + 2) >> 8));
        s.WriteByte((byte)(data.Length + 2));
        s.Write(data);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteScan(MemoryStream stream, EncodePlan plan, byte[][] planes, JpegQuantDivisors[] divisors, int restartInterval)
    {
        var writer = new JpegBitWriter(stream);
        Span<int> lastDc = stackalloc int[3];
        Span<int> work = stackalloc int[64];
        Span<short> block = stackalloc short[64];
        Span<short> zigzag = stackalloc short[64];
        var previousDc = new int[3];
        var components = plan.Components;

        // Per-component geometry, fixed for the whole scan.
        Span<int> factorH = stackalloc int[3];
        Span<int> factorV = stackalloc int[3];
        Span<int> blocksWide = stackalloc int[3];
        Span<int> blocksHigh = stackalloc int[3];
        Span<int> strides = stackalloc int[3];
        for (var c = 0; c < components; c++)
        {
            (factorH[c], factorV[c]) = plan.Factors(c);
            blocksWide[c] = plan.WidthInBlocks(c);
            blocksHigh[c] = plan.HeightInBlocks(c);
            strides[c] = plan.Stride(c);
        }

        var totalMcus = plan.McusX * plan.McusY;
        var restartNumber = 0;
        for (var mcu = 0; mcu < totalMcus; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                writer.Flush();
                stream.WriteByte(0xFF);
                stream.WriteByte((byte)(0xD0 + restartNumber));
                restartNumber = (restartNumber + 1) & 7;
                lastDc.Clear();
            }

            var mx = mcu % plan.McusX;
            var my = mcu / plan.McusX;
            for (var c = 0; c < components; c++)
            {
                int h = factorH[c], v = factorV[c];
                var dc = c == 0 ? JpegHuffmanEncoder.DcLuminance : JpegHuffmanEncoder.DcChrominance;
                var ac = c == 0 ? JpegHuffmanEncoder.AcLuminance : JpegHuffmanEncoder.AcChrominance;
                var quant = divisors[c == 0 ? 0 : 1];
                var stride = strides[c];
                var plane = planes[c];
                for (var by = 0; by < v; by++)
                {
                    for (var bx = 0; bx < h; bx++)
                    {
                        var blockRow = (my * v) + by;
                        var blockCol = (mx * h) + bx;
                        if (blockRow < blocksHigh[c] && blockCol < blocksWide[c])
                        {
                            LoadLevelShifted(plane, (blockRow * 8 * stride) + (blockCol * 8), stride, work);
                            JpegFdct.Forward(work);
                            JpegFdct.Quantize(work, quant, block);
                        }
                        else
                        {
                            // libjpeg's dummy blocks beyond the image: no AC, the DC of the block before.
                            block.Clear();
                            block[0] = (short)previousDc[c];
                        }

                        previousDc[c] = block[0];
                        EncodeBlock(writer, block, zigzag, ref lastDc[c], dc, ac);
                    }
                }
            }
        }

        writer.Flush();
    }

    /// <summary>One 8x8 block of samples minus 128, row-major.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void LoadLevelShifted(byte[] plane, int origin, int stride, Span<int> work)
    {
        if (origin < 0 || origin + (7 * stride) + 8 > plane.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(origin));
        }

        ref var source = ref MemoryMarshal.GetArrayDataReference(plane);
        ref var target = ref MemoryMarshal.GetReference(work);
        var shift = Vector256.Create(128);
        for (var y = 0; y < 8; y++)
        {
            var eight = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, origin + (y * stride)));
            var widened = Vector256.WidenLower(Vector128.WidenLower(Vector128.CreateScalar(eight).AsByte()).ToVector256Unsafe()).AsInt32();
            (widened - shift).StoreUnsafe(ref target, (nuint)(y * 8));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void EncodeBlock(JpegBitWriter writer, ReadOnlySpan<short> block, Span<short> zigzag, ref int lastDc, JpegHuffmanEncoder dc, JpegHuffmanEncoder ac)
    {
        int temp = block[0] - lastDc;
        lastDc = block[0];
        var temp2 = temp;
        if (temp < 0)
        {
            temp = -temp;
            temp2--;
        }

        var bits = temp == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)temp);
        // The code and its magnitude bits in one write (at most 16 + 11 bits).
        writer.Write((dc.Codes[bits] << bits) | (temp2 & ((1 << bits) - 1)), dc.Lengths[bits] + bits);

        ref var source = ref MemoryMarshal.GetReference(block);
        ref var ordered = ref MemoryMarshal.GetReference(zigzag);
        ulong nonZero;
        if (Avx512BW.IsSupported)
        {
            // Two two-source word permutes reorder all 64 coefficients (JpegZigzag.NaturalOrder's first 64 entries).
            var first = Vector512.LoadUnsafe(ref source);
            var second = Vector512.LoadUnsafe(ref source, 32);
            var low = Avx512BW.PermuteVar32x16x2(first, Vector512.Create((short)0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28), second);
            var high = Avx512BW.PermuteVar32x16x2(first, Vector512.Create((short)35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63), second);
            low.StoreUnsafe(ref ordered);
            high.StoreUnsafe(ref ordered, 32);
            var zeros = Vector512.Equals(low, Vector512<short>.Zero).ExtractMostSignificantBits()
                | (Vector512.Equals(high, Vector512<short>.Zero).ExtractMostSignificantBits() << 32);
            nonZero = ~zeros;
        }
        else
        {
            var natural = JpegZigzag.NaturalOrder;
            for (var k = 0; k < 64; k++)
            {
                Unsafe.Add(ref ordered, k) = Unsafe.Add(ref source, natural[k] & 63);
            }

            // Bit k set where the k-th zigzag coefficient is non-zero: the runs of zeros are the gaps,
            // so the loop visits only the coefficients that produce symbols (as libjpeg-turbo does).
            nonZero = 0;
            for (var part = 0; part < 4; part++)
            {
                var lanes = Vector256.LoadUnsafe(ref ordered, (nuint)(part * 16));
                var zeros = Vector256.Equals(lanes, Vector256<short>.Zero).ExtractMostSignificantBits();
                nonZero |= (ulong)(~zeros & 0xFFFF) << (part * 16);
            }
        }

        nonZero &= ~1ul;
        var last = 0;
        while (nonZero != 0)
        {
            var k = BitOperations.TrailingZeroCount(nonZero);
            nonZero &= nonZero - 1;
            var run = k - last - 1;
            last = k;
            while (run > 15)
            {
                writer.Write(ac.Codes[0xF0], ac.Lengths[0xF0]);
                run -= 16;
            }

            temp = Unsafe.Add(ref ordered, k);
            temp2 = temp;
            if (temp < 0)
            {
                temp = -temp;
                temp2--;
            }

            bits = 32 - BitOperations.LeadingZeroCount((uint)temp);
            var symbol = (run << 4) + bits;
            writer.Write((ac.Codes[symbol] << bits) | (temp2 & ((1 << bits) - 1)), ac.Lengths[symbol] + bits);
        }

        if (last < 63)
        {
            writer.Write(ac.Codes[0], ac.Lengths[0]);
        }
    }

    private sealed class EncodePlan(int width, int height, int hY, int vY, int components)
    {
        public int Width { get; } = width;

        public int Height { get; } = height;

        public int MaxH { get; } = hY;

        public int MaxV { get; } = vY;

        public int Components { get; } = components;

        public int McusX { get; } = (width + (8 * hY) - 1) / (8 * hY);

        public int McusY { get; } = (height + (8 * vY) - 1) / (8 * vY);

        public (int H, int V) Factors(int component) => component == 0 ? (MaxH, MaxV) : (1, 1);

        public int WidthInBlocks(int component) => (int)(((long)Width * Factors(component).H + (MaxH * 8) - 1) / (MaxH * 8));

        public int HeightInBlocks(int component) => (int)(((long)Height * Factors(component).V + (MaxV * 8) - 1) / (MaxV * 8));

        public int Stride(int component) => McusX * Factors(component).H * 8;
    }
}
