using System.Globalization;
using RobustGate.Engine;

namespace RobustGate.Tool.Parsing;

/// <summary>
/// Parses the numeric forms the command line accepts: comma-separated lists (<c>0.485,0.456,0.406</c>)
/// and fractions (<c>8/255</c>), always with the invariant culture.
/// </summary>
public static class ValueParsers
{
    public static float[] ParseFloatList(string text, string option)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new ConfigurationException($"{option}: expected a comma-separated list of numbers, found '{text}'.");
        }

        var values = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            values[i] = (float)ParseNumber(parts[i], option);
        }

        return values;
    }

    /// <summary>A number or a fraction such as <c>8/255</c>.</summary>
    public static double ParseNumber(string text, string option)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var numerator = ParsePlain(text[..slash], option, text);
            var denominator = ParsePlain(text[(slash + 1)..], option, text);
            if (denominator == 0)
            {
                throw new ConfigurationException($"{option}: division by zero in '{text}'.");
            }

            return numerator / denominator;
        }

        return ParsePlain(text, option, text);
    }

    private static double ParsePlain(string part, string option, string whole)
    {
        if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new ConfigurationException($"{option}: expected a number (e.g. 0.5 or 8/255), found '{whole}'.");
        }

        return value;
    }
}
