using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// Eight 8-bit samples to and from eight doubles (AVX-512), for the per-sample blends of the
/// corruptions: widening is exact, and storing truncates toward zero as a C# (int) cast does, so a
/// vector loop gives the bytes of the scalar loop it replaces. Callers check <see cref="IsSupported"/>.
/// </summary>
internal static class ByteLanes
{
    public static bool IsSupported => Avx512F.VL.IsSupported;

    /// <summary>samples[at..at+8] as doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Load8(ReadOnlySpan<byte> samples, int at)
    {
        var eight = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(in samples[at])).AsByte();
        return Avx512F.ConvertToVector512Double(Avx2.ConvertToVector256Int32(eight));
    }

    /// <summary>(byte)(int)value for eight values already clipped to [0, 255].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store8(Vector512<double> clipped, Span<byte> destination, int at)
    {
        var ints = Avx512F.ConvertToVector256Int32WithTruncation(clipped);
        var bytes = Avx512F.VL.ConvertToVector128Byte(ints);
        Unsafe.WriteUnaligned(ref destination[at], bytes.AsUInt64().ToScalar());
    }

    /// <summary>samples[at..at+8] as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load8Single(ReadOnlySpan<byte> samples, int at)
    {
        var eight = Vector128.CreateScalar(Unsafe.ReadUnaligned<ulong>(in samples[at])).AsByte();
        return Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(eight));
    }

    /// <summary>(byte)(int)value for eight floats already clipped to [0, 255].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store8(Vector256<float> clipped, Span<byte> destination, int at)
    {
        var ints = Avx.ConvertToVector256Int32WithTruncation(clipped);
        var bytes = Avx512F.VL.ConvertToVector128Byte(ints);
        Unsafe.WriteUnaligned(ref destination[at], bytes.AsUInt64().ToScalar());
    }
}
