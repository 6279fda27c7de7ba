using System.Globalization;

namespace RobustGate.Engine.Gating;

/// <summary>
/// Parses gate rule text (grammar on <see cref="GateRule"/>). Errors are
/// <see cref="ConfigurationException"/>s that quote the rule and point at the offending token by
/// column, e.g. <c>gate rule "mce &lt;= abc": expected a number at column 8, found "abc"</c>.
/// </summary>
internal static class GateRuleParser
{
    private const string MetricList = "mce, relative_mce, mean_corruption_error, clean_error, ce[<corruption>], robust_accuracy[<attack>]";

    public static GateRule Parse(string text, string? file, string? location)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenize(text, file, location);
        var position = 0;

        Token Next(string expected)
        {
            if (position >= tokens.Count)
            {
                throw Error(text, file, location, $"expected {expected} at column {text.Length + 1}, found the end of the rule");
            }

            return tokens[position++];
        }

        var metricToken = Next("a metric");
        var (metric, argument) = ParseMetric(metricToken, text, file, location);

        var token = Next("an operator (<=, <, >=, >) or increase/decrease");
        var comparison = GateComparison.AtMost;
        var isChange = false;
        if (token.Text is "increase" or "decrease")
        {
            var lowerIsBetter = metric != GateMetric.RobustAccuracy;
            var expectedWord = lowerIsBetter ? "increase" : "decrease";
            if (token.Text != expectedWord)
            {
                throw Error(text, file, location, $"expected \"{expectedWord}\" at column {token.Column} ({metricToken.Text} regresses when it {(lowerIsBetter ? "rises" : "falls")}), found \"{token.Text}\"");
            }

            comparison = lowerIsBetter ? GateComparison.IncreaseAtMost : GateComparison.DecreaseAtMost;
            isChange = true;
            token = Next("\"vs baseline\" or <=");
            if (token.Text == "vs")
            {
                var baselineWord = Next("\"baseline\"");
                if (baselineWord.Text != "baseline")
                {
                    throw Error(text, file, location, $"expected \"baseline\" at column {baselineWord.Column}, found \"{baselineWord.Text}\"");
                }

                token = Next("<=");
            }

            if (token.Text != "<=")
            {
                throw Error(text, file, location, $"expected \"<=\" at column {token.Column} (a change rule states the largest tolerated change), found \"{token.Text}\"");
            }
        }
        else
        {
            comparison = token.Text switch
            {
                "<=" => GateComparison.AtMost,
                "<" => GateComparison.Below,
                ">=" => GateComparison.AtLeast,
                ">" => GateComparison.Above,
                _ => throw Error(text, file, location, $"expected an operator (<=, <, >=, >) or increase/decrease at column {token.Column}, found \"{token.Text}\""),
            };
        }

        var numberToken = Next("a number");
        if (!double.TryParse(numberToken.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold)
            || !double.IsFinite(threshold))
        {
            throw Error(text, file, location, $"expected a number at column {numberToken.Column}, found \"{numberToken.Text}\"");
        }

        if (threshold < 0 || (threshold > 1 && metric is not (GateMetric.Mce or GateMetric.RelativeMce or GateMetric.CorruptionCe)))
        {
            throw Error(text, file, location, $"expected a fraction in [0, 1] at column {numberToken.Column} (0.01 is one percentage point), found {numberToken.Text}");
        }

        if (isChange && threshold > 1)
        {
            throw Error(text, file, location, $"expected a tolerance in [0, 1] at column {numberToken.Column}, found {numberToken.Text}");
        }

        if (position < tokens.Count)
        {
            var extra = tokens[position];
            throw Error(text, file, location, $"expected the end of the rule at column {extra.Column}, found \"{extra.Text}\"");
        }

        return new GateRule(metric, argument, comparison, threshold);
    }

    private static (GateMetric Metric, string? Argument) ParseMetric(Token token, string text, string? file, string? location)
    {
        var name = token.Text;
        string? argument = null;
        var open = name.IndexOf('[', StringComparison.Ordinal);
        if (open >= 0)
        {
            if (!name.EndsWith(']') || open == name.Length - 2)
            {
                throw Error(text, file, location, $"expected a name in brackets such as ce[fog] at column {token.Column}, found \"{name}\"");
            }

            argument = name[(open + 1)..^1];
            name = name[..open];
        }

        GateMetric? metric = name switch
        {
            "mce" => GateMetric.Mce,
            "relative_mce" => GateMetric.RelativeMce,
            "mean_corruption_error" => GateMetric.MeanCorruptionError,
            "clean_error" => GateMetric.CleanError,
            "ce" => GateMetric.CorruptionCe,
            "robust_accuracy" => GateMetric.RobustAccuracy,
            _ => null,
        };
        if (metric is null)
        {
            throw Error(text, file, location, $"expected a metric ({MetricList}) at column {token.Column}, found \"{token.Text}\"");
        }

        if (metric == GateMetric.CorruptionCe && argument is null)
        {
            throw Error(text, file, location, $"expected ce[<corruption>] at column {token.Column}, found \"{token.Text}\"");
        }

        if (metric == GateMetric.RobustAccuracy)
        {
            argument ??= "all";
        }
        else if (metric != GateMetric.CorruptionCe && argument is not null)
        {
            throw Error(text, file, location, $"expected {name} without brackets at column {token.Column}, found \"{token.Text}\"");
        }

        return (metric.Value, argument);
    }

    private static List<Token> Tokenize(string text, string? file, string? location)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (c is '<' or '>' or '=' or '!')
            {
                i++;
                if (i < text.Length && text[i] == '=')
                {
                    i++;
                }
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '-' or '+')
            {
                var depth = 0;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-' or '+' or '[' or ']' || (depth > 0 && !char.IsWhiteSpace(text[i]))))
                {
                    depth += text[i] == '[' ? 1 : text[i] == ']' ? -1 : 0;
                    i++;
                }
            }
            else
            {
                throw Error(text, file, location, $"unexpected character '{c}' at column {i + 1}");
            }

            tokens.Add(new Token(text[start..i], start + 1));
        }

        if (tokens.Count == 0)
        {
            throw Error(text, file, location, "expected a rule such as \"mce increase vs baseline <= 0.01\", found an empty string");
        }

        return tokens;
    }

    private static ConfigurationException Error(string text, string? file, string? location, string detail) =>
        new($"{(location is null ? string.Empty : location + ": ")}gate rule \"{text}\": {detail}", file);

    private readonly record struct Token(string Text, int Column);
}
