using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;

namespace RobustGate.TestRunner;

/// <summary>
/// A minimal xunit v2 runner for machines without the .NET SDK: finds [Fact]/[Theory] methods by
/// reflection, honours Skip, theory data attributes, ITestOutputHelper and class fixtures, and can
/// switch the engine to another device first, so the same tests run on the CUDA backend.
/// Usage: RobustGate.TestRunner TESTS.dll [--device cuda] [--filter TEXT]... [--exclude-trait Category=EndToEnd].
/// Prints one line per failure and "tests: N passed, N failed, N skipped"; exit 1 on any failure.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: RobustGate.TestRunner TESTS.dll [--device cuda] [--filter TEXT]... [--exclude-trait NAME=VALUE]...");
            return 2;
        }

        var assemblyPath = Path.GetFullPath(args[0]);
        var filters = new List<string>();
        var excluded = new List<string>();
        string? device = null;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--filter":
                    filters.Add(args[++i]);
                    break;
                case "--exclude-trait":
                    excluded.Add(args[++i]);
                    break;
                case "--device":
                    device = args[++i];
                    break;
                default:
                    Console.Error.WriteLine($"unknown argument {args[i]}");
                    return 2;
            }
        }

        var resolver = new AssemblyDependencyResolver(assemblyPath);
        AssemblyLoadContext.Default.Resolving += (context, name) => resolver.ResolveAssemblyToPath(name) is { } path ? context.LoadFromAssemblyPath(path) : null;
        var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(assemblyPath);
        if (device is not null)
        {
            var engine = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName("RobustGate.Engine"));
            var request = engine.GetType("RobustGate.Engine.Tensors.DeviceRequest", true)!.GetMethod("Parse")!.Invoke(null, [device, "--device"]);
            var active = engine.GetType("RobustGate.Engine.Tensors.ComputeDevices", true)!.GetMethod("Use")!.Invoke(null, [request]);
            Console.WriteLine($"device: {active}");
        }

        var (passed, failed, skipped) = (0, 0, 0);
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.IsPublic).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var tests = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Where(m => FactOf(m) is not null && Selected(type, m, filters, excluded))
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .ToList();
            if (tests.Count == 0)
            {
                continue;
            }

            var fixtures = new Dictionary<Type, object>();
            foreach (var method in tests)
            {
                var name = $"{type.FullName}.{method.Name}";
                if (FactOf(method)!.GetType().GetProperty("Skip")?.GetValue(FactOf(method)) is string skip)
                {
                    skipped++;
                    Console.WriteLine($"[SKIP] {name}: {skip}");
                    continue;
                }

                foreach (var row in Rows(method))
                {
                    var label = row.Length == 0 ? name : $"{name}({string.Join(", ", row.Select(Format))})";
                    try
                    {
                        Invoke(type, method, row, fixtures);
                        passed++;
                    }
                    catch (Exception e)
                    {
                        failed++;
                        var inner = e is TargetInvocationException { InnerException: { } x } ? x : e;
                        Console.WriteLine($"[FAIL] {label}: {inner.GetType().Name}: {inner.Message}");
                        Console.WriteLine(inner.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains(type.Name, StringComparison.Ordinal))?.Trim());
                    }
                }
            }

            foreach (var fixture in fixtures.Values.OfType<IDisposable>())
            {
                fixture.Dispose();
            }
        }

        Console.WriteLine($"tests: {passed} passed, {failed} failed, {skipped} skipped");
        return failed == 0 ? 0 : 1;
    }

    private static Attribute? FactOf(MethodInfo method)
        => method.GetCustomAttributes().FirstOrDefault(a => IsA(a.GetType(), "Xunit.FactAttribute"));

    private static bool IsA(Type? type, string fullName)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == fullName)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Selected(Type type, MethodInfo method, List<string> filters, List<string> excluded)
    {
        var name = $"{type.FullName}.{method.Name}";
        if (filters.Count > 0 && !filters.Any(f => name.Contains(f, StringComparison.Ordinal)))
        {
            return false;
        }

        var data = type.GetCustomAttributesData().Concat(method.GetCustomAttributesData())
            .Where(a => a.AttributeType.FullName == "Xunit.TraitAttribute")
            .Select(a => $"{a.ConstructorArguments[0].Value}={a.ConstructorArguments[1].Value}");
        return !data.Any(excluded.Contains);
    }

    private static IEnumerable<object?[]> Rows(MethodInfo method)
    {
        var sources = method.GetCustomAttributes().Where(a => IsA(a.GetType(), "Xunit.Sdk.DataAttribute")).ToList();
        if (sources.Count == 0)
        {
            yield return [];
            yield break;
        }

        foreach (var source in sources)
        {
            var rows = (IEnumerable<object?[]>)source.GetType().GetMethod("GetData", [typeof(MethodInfo)])!.Invoke(source, [method])!;
            foreach (var row in rows)
            {
                yield return row;
            }
        }
    }

    private static void Invoke(Type type, MethodInfo method, object?[] row, Dictionary<Type, object> fixtures)
    {
        object? instance = null;
        if (!method.IsStatic)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var arguments = constructor.GetParameters().Select(p => Argument(p.ParameterType, fixtures)).ToArray();
            instance = constructor.Invoke(arguments);
        }

        try
        {
            var parameters = method.GetParameters();
            var values = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                values[i] = i < row.Length ? Convert(row[i], parameters[i].ParameterType) : parameters[i].DefaultValue;
            }

            var result = method.Invoke(instance, values);
            if (result is Task task)
            {
                task.GetAwaiter().GetResult();
            }
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }
    }

    private static object Argument(Type type, Dictionary<Type, object> fixtures)
    {
        if (type.FullName == "Xunit.Abstractions.ITestOutputHelper")
        {
            return DispatchProxyFor(type);
        }

        if (!fixtures.TryGetValue(type, out var fixture))
        {
            fixtures[type] = fixture = Activator.CreateInstance(type)!;
        }

        return fixture;
    }

    private static object DispatchProxyFor(Type type)
        => System.Reflection.DispatchProxy.Create(type, typeof(ConsoleOutputProxy));

    private static object? Convert(object? value, Type target)
    {
        if (value is null || target.IsInstanceOfType(value))
        {
            return value;
        }

        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        return underlying.IsEnum ? Enum.ToObject(underlying, value) : System.Convert.ChangeType(value, underlying, CultureInfo.InvariantCulture);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        Array a => $"[{a.Length}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
