using System.Diagnostics;
using RobustGate.Engine.Imaging;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.EndToEnd;

/// <summary>
/// The HTML report is what people open from a CI artifact: it must render in a real browser with
/// no network. Headless Chromium (Debian's chromium, installed by .ci/run) loads a report that a
/// check just wrote; the rendered DOM must hold the heat map and the gate table, and the screenshot
/// must not be blank.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class HtmlReportRenderTests
{
    private static readonly string? Chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    [Fact]
    public void Report_renders_in_headless_chromium()
    {
        Assert.True(Chromium is not null, "Chromium is not installed (.ci/run installs Debian's chromium); the HTML report was not rendered.");
        var folder = Directory.CreateTempSubdirectory("rg-html-").FullName;
        try
        {
            var check = CliRunner.Run(
                "check", "--arch", "smallcnn32", "--data", "synthetic:40", "--corruptions", "gaussian_noise,fog", "--severities", "1,5",
                "--report-dir", folder, "--rule", "clean_error <= 0.95");
            Assert.True(check.ExitCode == 0, check.ToString());
            var html = Path.Combine(folder, "report.html");

            var dom = RunChromium(folder, "--dump-dom", new Uri(html).AbsoluteUri);
            Assert.Contains("<svg", dom, StringComparison.Ordinal);
            Assert.Contains("gaussian_noise", dom, StringComparison.Ordinal);
            Assert.Contains("RG1003", dom, StringComparison.Ordinal);

            var png = Path.Combine(folder, "shot.png");
            RunChromium(folder, $"--screenshot={png}", "--window-size=1000,800", new Uri(html).AbsoluteUri);
            var image = ImageFile.Load(png);
            Assert.Equal(1000, image.Width);
            var distinct = new HashSet<int>();
            for (var i = 0; i + 2 < image.Pixels.Length; i += image.Channels * 7)
            {
                distinct.Add((image.Pixels[i] << 16) | (image.Pixels[i + 1] << 8) | image.Pixels[i + 2]);
            }

            // Text, table borders and the heat map's colour scale give far more than a handful of colours.
            Assert.True(distinct.Count > 20, $"the screenshot has only {distinct.Count} colours: the page did not render");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string RunChromium(string folder, params string[] args)
    {
        var info = new ProcessStartInfo(Chromium!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var flag in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={Path.Combine(folder, "chromium-profile")}",
        })
        {
            info.ArgumentList.Add(flag);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 2 minutes");
        }

        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
