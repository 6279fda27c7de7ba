namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>Splits a README command line into arguments: whitespace separates, double quotes group.</summary>
internal static class CommandLine
{
    public static List<string> Split(string line)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        Assert.False(quoted, $"unbalanced quotes in: {line}");
        if (any)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}
