using RobustGate.Engine.Evaluation;

namespace RobustGate.Engine.Tests.Metrics;

public class CorrectnessBitsTests
{
    [Fact]
    public void Base64_is_little_endian_bits_in_sample_order()
    {
        // Samples 0 and 9 correct: byte 0 = 0b0000_0001, byte 1 = 0b0000_0010.
        var bits = CorrectnessBits.FromBooleans([true, false, false, false, false, false, false, false, false, true]);

        Assert.Equal(Convert.ToBase64String([0x01, 0x02]), bits.ToBase64());
        Assert.Equal(bits, CorrectnessBits.FromBase64(bits.ToBase64(), 10));
        Assert.Equal(2, bits.CorrectCount);
    }

    [Fact]
    public void Rejects_bits_beyond_the_last_sample()
    {
        Assert.Throws<FormatException>(() => CorrectnessBits.FromBase64(Convert.ToBase64String([0xFF]), 3));
        Assert.Throws<FormatException>(() => CorrectnessBits.FromBase64(Convert.ToBase64String([0x01, 0x00]), 3));
    }

    [Fact]
    public void Slices_concatenate_back_to_the_whole()
    {
        var values = Enumerable.Range(0, 203).Select(i => i * 7919 % 13 < 6).ToArray();
        var whole = CorrectnessBits.FromBooleans(values);

        var parts = new[] { whole.Slice(0, 67), whole.Slice(67, 70), whole.Slice(137, 66) };

        Assert.Equal(whole, CorrectnessBits.Concatenate(parts));
        Assert.Equal(values.Count(v => v), whole.CorrectCount);
    }

    [Fact]
    public void Word_level_slicing_and_joining_match_bit_by_bit_for_every_alignment()
    {
        var values = Enumerable.Range(0, 300).Select(i => (i * 2654435761u >> 7 & 1) == 1).ToArray();
        var whole = CorrectnessBits.FromBooleans(values);

        foreach (var start in new[] { 0, 1, 31, 63, 64, 65, 127, 150 })
        {
            foreach (var length in new[] { 0, 1, 7, 63, 64, 65, 129, 150 })
            {
                var slice = whole.Slice(start, length);
                Assert.Equal(CorrectnessBits.FromBooleans(values.AsSpan(start, length)), slice);
                Assert.Equal(values.AsSpan(start, length).ToArray().Count(v => v), slice.CorrectCount);
            }
        }

        var cuts = new[] { 0, 5, 64, 70, 191, 192, 300 };
        var pieces = cuts.Zip(cuts.Skip(1)).Select(c => whole.Slice(c.First, c.Second - c.First));
        Assert.Equal(whole, CorrectnessBits.Concatenate(pieces));
    }
}
