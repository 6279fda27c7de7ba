namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// The reference implementations' speed from ref/corruptions/README.md (median seconds per image,
/// severity 3, one thread, the project's machine type), kept as data so a front end can print
/// RobustGate's timings beside them and their ratios.
/// </summary>
public static class CorruptionReferenceTimings
{
    /// <summary>One row of the README table. ImageCorruptions = plain Python glass-blur loop; Numba = its jitted loop; Hendrycks = the generator scripts.</summary>
    public sealed record Row(
        string Corruption,
        double ImageCorruptions224,
        double ImageCorruptions32,
        double Numba224,
        double Numba32,
        double HendrycksImageNet224,
        double HendrycksCifar32);

    public static IReadOnlyList<Row> Rows { get; } =
    [
        new("gaussian_noise", 0.0028, 0.00008, 0.0029, 0.00010, 0.0029, 0.00008),
        new("shot_noise", 0.0087, 0.00020, 0.0086, 0.00021, 0.0100, 0.00018),
        new("impulse_noise", 0.0044, 0.00013, 0.0047, 0.00014, 0.0046, 0.00012),
        new("defocus_blur", 0.0031, 0.00017, 0.0031, 0.00018, 0.0041, 0.00018),
        new("glass_blur", 0.7784, 0.01243, 0.0134, 0.00033, 0.7910, 0.00483),
        new("motion_blur", 0.0039, 0.00065, 0.0040, 0.00067, 0.0563, 0.00101),
        new("zoom_blur", 0.0491, 0.00125, 0.0517, 0.00129, 0.0480, 0.00179),
        new("snow", 0.0053, 0.00058, 0.0054, 0.00060, 0.0285, 0.00126),
        new("frost", 0.0048, 0.01554, 0.0054, 0.01603, 0.0027, 0.02034),
        new("fog", 0.0015, 0.00030, 0.0015, 0.00032, 0.0015, 0.00029),
        new("brightness", 0.0393, 0.00033, 0.0544, 0.00035, 0.0429, 0.00033),
        new("contrast", 0.0011, 0.00006, 0.0012, 0.00006, 0.0012, 0.00006),
        new("elastic_transform", 0.0102, 0.00036, 0.0112, 0.00039, 0.0105, 0.00043),
        new("pixelate", 0.0002, 0.00002, 0.0003, 0.00002, 0.0004, 0.00003),
        new("jpeg_compression", 0.0003, 0.00007, 0.0003, 0.00007, 0.0004, 0.00008),
        new("speckle_noise", 0.0027, 0.00008, 0.0027, 0.00008, 0.0027, 0.00008),
        new("gaussian_blur", 0.0024, 0.00012, 0.0024, 0.00012, 0.0024, 0.00010),
        new("spatter", 0.0043, 0.00023, 0.0046, 0.00025, 0.0044, 0.00023),
        new("saturate", 0.0400, 0.00033, 0.0462, 0.00034, 0.0391, 0.00034),
    ];

    /// <summary>imagecorruptions + numba over the 15 benchmark corruptions at 224 px: the speed target's baseline (10x faster is the goal).</summary>
    public const double NumbaBenchmark15Sum224 = 0.168;

    public static Row? Find(string corruption) => Rows.FirstOrDefault(r => r.Corruption == corruption);
}
