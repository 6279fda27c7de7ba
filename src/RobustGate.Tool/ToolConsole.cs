using System.Diagnostics;

namespace RobustGate.Tool;

/// <summary>
/// Where a command writes: results to <see cref="Out"/>, diagnostics and progress to <see cref="Error"/>.
/// On a terminal progress is one redrawn bar; when output is redirected (CI logs) it is a plain
/// line at most every few seconds, so logs stay readable.
/// </summary>
public sealed class ToolConsole
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private TimeSpan? _lastPlain;
    private bool _barVisible;

    public ToolConsole(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool Interactive { get; }

    /// <summary>Reports that <paramref name="done"/> of <paramref name="total"/> units of <paramref name="stage"/> are finished.</summary>
    public void Progress(string stage, long done, long total)
    {
        lock (_gate)
        {
            var now = _clock.Elapsed;
            var fraction = total <= 0 ? 1.0 : Math.Clamp((double)done / total, 0, 1);
            if (Interactive)
            {
                const int width = 30;
                var filled = (int)Math.Round(fraction * width);
                var eta = done > 0 && done < total ? TimeSpan.FromSeconds(now.TotalSeconds * (total - done) / done) : TimeSpan.Zero;
                Error.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {fraction * 100,5:0.0}% {Truncate(stage, 36),-36} {done}/{total} eta {eta:mm\\:ss} ");
                _barVisible = true;
                return;
            }

            if (done == total || _lastPlain is null || now - _lastPlain.Value >= PlainInterval)
            {
                _lastPlain = now;
                Error.WriteLine($"[{now:hh\\:mm\\:ss}] {stage}: {done}/{total} ({fraction * 100:0.0}%)");
            }
        }
    }

    /// <summary>Ends a visible progress bar so the next line starts clean.</summary>
    public void EndProgressLine()
    {
        lock (_gate)
        {
            if (_barVisible)
            {
                Error.WriteLine();
                _barVisible = false;
            }
        }
    }

    public void WriteLine(string line = "")
    {
        EndProgressLine();
        Out.WriteLine(line);
    }

    public void Warn(string message)
    {
        EndProgressLine();
        Error.WriteLine($"warning: {message}");
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : string.Concat(s.AsSpan(0, max - 1), "…");
}
