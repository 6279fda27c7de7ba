using System.Text.Json;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>The records of /work/shared/ref/imaging/index.json, by kind.</summary>
internal static class ImagingReference
{
    private static readonly Lazy<JsonElement[]> Records = new(() =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(PathOf("index.json")));
        return doc.RootElement.GetProperty("records").EnumerateArray().Select(e => e.Clone()).ToArray();
    });

    public static string PathOf(string relative) => SharedData.Path("ref", "imaging", relative);

    public static IEnumerable<JsonElement> OfKind(string kind) =>
        Records.Value.Where(r => r.GetProperty("kind").GetString() == kind);

    public static TheoryData<string> FilesOfKind(string kind)
    {
        var data = new TheoryData<string>();
        foreach (var r in OfKind(kind))
        {
            data.Add(r.GetProperty("file").GetString()!);
        }

        return data;
    }

    public static JsonElement Record(string file) =>
        Records.Value.Single(r => r.GetProperty("file").GetString() == file);
}
