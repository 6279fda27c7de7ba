using System.Collections.Concurrent;
using System.Text.Json;
using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Corruptions;

/// <summary>One record of ref/corruptions/index.json (an output of the reference Python code).</summary>
public sealed record ReferenceRecord(
    string Id,
    CorruptionProfile Profile,
    string Input,
    string Stem,
    string Corruption,
    int Severity,
    uint Seed,
    string Output,
    long WordsConsumed,
    bool GaussCachedAfter)
{
    private static readonly Lazy<IReadOnlyDictionary<string, ReferenceRecord>> All = new(Load);
    private static readonly ConcurrentDictionary<string, Image> Images = new();

    public static IReadOnlyDictionary<string, ReferenceRecord> ById => All.Value;

    public Image LoadInput() => LoadPng(Input);

    public Image LoadOutput() => LoadPng(Output);

    public override string ToString() => Id;

    private static Image LoadPng(string relative) =>
        Images.GetOrAdd(relative, r =>
        {
            var path = SharedData.Path("ref", "corruptions", r);
            return PngDecoder.Decode(File.ReadAllBytes(path), path);
        });

    private static Dictionary<string, ReferenceRecord> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(SharedData.Path("ref", "corruptions", "index.json")));
        var records = new Dictionary<string, ReferenceRecord>(StringComparer.Ordinal);
        foreach (var r in doc.RootElement.GetProperty("records").EnumerateArray())
        {
            var profileName = r.GetProperty("profile").GetString()!;
            var profile = profileName switch
            {
                "imagecorruptions" => CorruptionProfile.ImageCorruptions,
                "hendrycks-cifar" => CorruptionProfile.Cifar,
                "hendrycks-imagenet" => CorruptionProfile.ImageNetC,
                _ => throw new InvalidDataException($"index.json: unknown profile '{profileName}'."),
            };
            var corruption = r.GetProperty("corruption").GetString()!;
            var severity = r.GetProperty("severity").GetInt32();
            var stem = r.GetProperty("stem").GetString()!;
            var id = $"{profileName}/{corruption}/s{severity}/{stem}";
            records.Add(id, new ReferenceRecord(
                id,
                profile,
                r.GetProperty("input").GetString()!,
                stem,
                corruption,
                severity,
                r.GetProperty("seed").GetUInt32(),
                r.GetProperty("output").GetString()!,
                r.GetProperty("mt19937_words_consumed").GetInt64(),
                r.GetProperty("gauss_cached_after").GetBoolean()));
        }

        return records;
    }
}
