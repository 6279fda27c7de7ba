using System.Reflection;

namespace RobustGate.TestRunner;

/// <summary>Stands in for xunit's ITestOutputHelper: WriteLine goes to the console.</summary>
public class ConsoleOutputProxy : DispatchProxy
{
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name == "WriteLine" && args is { Length: > 0 } && args[0] is string format)
        {
            Console.WriteLine(args.Length > 1 && args[1] is object[] rest ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, rest) : format);
        }

        return null;
    }
}
