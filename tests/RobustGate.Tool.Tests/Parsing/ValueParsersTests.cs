using RobustGate.Engine;
using RobustGate.Tool.Parsing;

namespace RobustGate.Tool.Tests.Parsing;

public class ValueParsersTests
{
    [Theory]
    [InlineData("8/255", 8.0 / 255)]
    [InlineData("0.5", 0.5)]
    [InlineData(" 1e-3 ", 1e-3)]
    public void ParseNumber_accepts_numbers_and_fractions(string text, double expected)
        => Assert.Equal(expected, ValueParsers.ParseNumber(text, "--eps"), 12);

    [Theory]
    [InlineData("8/0")]
    [InlineData("abc")]
    [InlineData("0,5")]
    [InlineData("NaN")]
    public void ParseNumber_rejects_garbage_with_the_option_name(string text)
    {
        var ex = Assert.Throws<ConfigurationException>(() => ValueParsers.ParseNumber(text, "--eps"));
        Assert.Contains("--eps", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrConfiguration, ex.ExitCode);
    }

    [Fact]
    public void ParseFloatList_splits_on_commas()
        => Assert.Equal([0.485f, 0.456f, 0.406f], ValueParsers.ParseFloatList("0.485, 0.456,0.406", "--mean"));
}
