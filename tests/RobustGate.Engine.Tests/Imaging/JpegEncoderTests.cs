using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

public class JpegEncoderTests
{
    public static TheoryData<string> BaselineColourFiles()
    {
        var data = new TheoryData<string>();
        foreach (var r in ImagingReference.OfKind("jpeg"))
        {
            if (r.TryGetProperty("subsampling", out _) && !r.GetProperty("progressive").GetBoolean())
            {
                data.Add(r.GetProperty("file").GetString()!);
            }
        }

        return data;
    }

    /// <summary>
    /// Encoding the source at the reference's quality and subsampling, then decoding, must land
    /// within 1 level of PIL's decode of PIL's encode on at least 99.9% of values (the task's
    /// bound); the encoder follows libjpeg-turbo step by step, so the count of differing values
    /// is reported and in practice 0.
    /// </summary>
    [Theory]
    [MemberData(nameof(BaselineColourFiles))]
    public void Encode_then_decode_matches_pil(string file)
    {
        var record = ImagingReference.Record(file);
        var name = Path.GetFileName(file).Split('_')[0];
        var source = ResampleTests.LoadPng($"png/{name}_source.png");
        var expected = ResampleTests.LoadPng(record.GetProperty("decoded").GetString()!);
        var subsampling = record.GetProperty("subsampling").GetString() switch
        {
            "444" => JpegSubsampling.Yuv444,
            "422" => JpegSubsampling.Yuv422,
            _ => JpegSubsampling.Yuv420,
        };
        var encoded = JpegEncoder.Encode(source, record.GetProperty("quality").GetInt32(), subsampling);
        var actual = JpegDecoder.Decode(encoded, "encoded.jpg");
        var (farOff, different) = Compare(expected.Pixels, actual.Pixels);
        Assert.Equal(0, farOff);
        Assert.True(different <= expected.Pixels.Length / 1000, $"{different} values differ");
        Assert.Equal(0, different);
    }

    /// <summary>
    /// Same tables, frame, scan and entropy data as libjpeg-turbo: from the first DQT on, the
    /// files are byte for byte PIL's (PIL copies the rocket photo's COM segment, so the
    /// segments before the tables may differ).
    /// </summary>
    [Theory]
    [MemberData(nameof(BaselineColourFiles))]
    public void Encoded_file_is_byte_identical_to_pil(string file)
    {
        var record = ImagingReference.Record(file);
        var name = Path.GetFileName(file).Split('_')[0];
        var source = ResampleTests.LoadPng($"png/{name}_source.png");
        var subsampling = record.GetProperty("subsampling").GetString() switch
        {
            "444" => JpegSubsampling.Yuv444,
            "422" => JpegSubsampling.Yuv422,
            _ => JpegSubsampling.Yuv420,
        };
        var encoded = JpegEncoder.Encode(source, record.GetProperty("quality").GetInt32(), subsampling);
        var reference = File.ReadAllBytes(ImagingReference.PathOf(file));
        Assert.Equal(FromFirstDqt(reference), FromFirstDqt(encoded));
    }

    private static byte[] FromFirstDqt(byte[] jpeg)
    {
        var at = 2;
        while (!(jpeg[at] == 0xFF && jpeg[at + 1] == 0xDB))
        {
            at += 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
        }

        return jpeg[at..];
    }

    /// <summary>Returns (values more than 1 level off, values that differ at all).</summary>
    internal static (int FarOff, int Different) Compare(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        int far = 0, diff = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            far += d > 1 ? 1 : 0;
            diff += d > 0 ? 1 : 0;
        }

        return (far, diff);
    }
}
