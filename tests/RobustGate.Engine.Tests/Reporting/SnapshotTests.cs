using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Reporting;

public class SnapshotTests
{
    [Fact]
    public void Mismatch_writes_received_file_and_fails_with_a_diff()
    {
        var folder = Directory.CreateTempSubdirectory("rg-snapshot-").FullName;
        try
        {
            var source = Path.Combine(folder, "FakeTests.cs");
            var (verified, received) = Snapshot.Paths(source, "Case", "txt");
            File.WriteAllText(verified, "line one\nline two\n");

            var error = Assert.ThrowsAny<Exception>(() => Snapshot.VerifyCore("line one\r\nline 2\r\n", "txt", source, "Case", accept: false));

            Assert.Contains("2 - line two", error.Message, StringComparison.Ordinal);
            Assert.Contains("2 + line 2", error.Message, StringComparison.Ordinal);
            Assert.Equal("line one\nline 2\n", File.ReadAllText(received));
            Assert.EndsWith("FakeTests.Case.verified.txt", verified, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Accept_mode_writes_the_verified_file()
    {
        var folder = Directory.CreateTempSubdirectory("rg-snapshot-").FullName;
        try
        {
            var source = Path.Combine(folder, "FakeTests.cs");
            var (verified, _) = Snapshot.Paths(source, "Case", "txt");

            Snapshot.VerifyCore("new\r\n", "txt", source, "Case", accept: true);

            Assert.Equal("new\n", File.ReadAllText(verified));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Match_ignores_line_ending_style_and_removes_a_stale_received_file()
    {
        var folder = Directory.CreateTempSubdirectory("rg-snapshot-").FullName;
        try
        {
            var source = Path.Combine(folder, "FakeTests.cs");
            var (verified, received) = Snapshot.Paths(source, "Case", "txt");
            File.WriteAllText(verified, "a\r\nb\n");
            File.WriteAllText(received, "stale");

            Snapshot.VerifyCore("a\nb\n", "txt", source, "Case", accept: false);

            Assert.False(File.Exists(received));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
