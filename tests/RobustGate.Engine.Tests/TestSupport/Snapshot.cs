using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace RobustGate.Engine.Tests.TestSupport;

/// <summary>
/// Golden-file assertions with Verify's naming: the expected text lives in
/// <c>&lt;TestClass&gt;.&lt;TestMethod&gt;.verified.&lt;ext&gt;</c> beside the test's source file
/// (found through [CallerFilePath]; the test class is taken to be the source file's name, as one
/// class per file makes it). On a mismatch the actual text is written to
/// <c>.received.&lt;ext&gt;</c> and the assertion fails with a short line diff. With
/// <c>ROBUSTGATE_ACCEPT=1</c> the verified file is (re)written instead and the assertion passes.
/// Text is compared with LF line endings and culture is pinned to invariant while rendering.
/// </summary>
public static class Snapshot
{
    private const int DiffLines = 12;

    /// <summary>Renders under the invariant culture, then verifies the text.</summary>
    public static void Verify(Func<string> render, string extension, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testMethod = "")
    {
        ArgumentNullException.ThrowIfNull(render);
        var previous = CultureInfo.CurrentCulture;
        var previousUi = CultureInfo.CurrentUICulture;
        string text;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            text = render();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }

        Verify(text, extension, sourceFile, testMethod);
    }

    public static void Verify(string actual, string extension, [CallerFilePath] string sourceFile = "", [CallerMemberName] string testMethod = "")
    {
        VerifyCore(actual, extension, sourceFile, testMethod, accept: Environment.GetEnvironmentVariable("ROBUSTGATE_ACCEPT") == "1");
    }

    /// <summary>The comparison with the accept mode given explicitly (the helper's own tests pin it).</summary>
    internal static void VerifyCore(string actual, string extension, string sourceFile, string testMethod, bool accept)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var (verifiedPath, receivedPath) = Paths(sourceFile, testMethod, extension);
        var normalised = Normalise(actual);
        if (accept)
        {
            File.WriteAllText(verifiedPath, normalised, new UTF8Encoding(false));
            File.Delete(receivedPath);
            return;
        }

        var expected = File.Exists(verifiedPath) ? Normalise(File.ReadAllText(verifiedPath)) : null;
        if (expected == normalised)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, normalised, new UTF8Encoding(false));
        var reason = expected is null
            ? $"no verified file {Path.GetFileName(verifiedPath)}; review {Path.GetFileName(receivedPath)} and accept with ROBUSTGATE_ACCEPT=1"
            : $"{Path.GetFileName(receivedPath)} differs from {Path.GetFileName(verifiedPath)} (accept with ROBUSTGATE_ACCEPT=1):\n{Diff(expected, normalised)}";
        Assert.Fail($"Snapshot mismatch: {reason}");
    }

    /// <summary>Paths of the verified and received files for a test.</summary>
    public static (string Verified, string Received) Paths(string sourceFile, string testMethod, string extension)
    {
        var folder = Path.GetDirectoryName(sourceFile) ?? throw new ArgumentException("no source file path", nameof(sourceFile));
        var stem = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{testMethod}";
        return (Path.Combine(folder, $"{stem}.verified.{extension}"), Path.Combine(folder, $"{stem}.received.{extension}"));
    }

    internal static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>The first differing lines, "-" expected and "+" received, with line numbers.</summary>
    internal static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var sb = new StringBuilder();
        var shown = 0;
        for (var i = 0; i < Math.Max(a.Length, b.Length) && shown < DiffLines; i++)
        {
            var left = i < a.Length ? a[i] : null;
            var right = i < b.Length ? b[i] : null;
            if (left == right)
            {
                continue;
            }

            if (left is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{i + 1,5} - {left}\n");
            }

            if (right is not null)
            {
                sb.Append(CultureInfo.InvariantCulture, $"{i + 1,5} + {right}\n");
            }

            shown++;
        }

        return sb.ToString();
    }
}
