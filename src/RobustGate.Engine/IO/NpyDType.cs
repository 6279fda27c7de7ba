namespace RobustGate.Engine.IO;

/// <summary>The .npy element types RobustGate reads (all) and writes (Float32, Float64, UInt8, Int64).</summary>
public enum NpyDType
{
    Float32,
    Float64,
    Float16,
    UInt8,
    Int8,
    Int16,
    Int32,
    Int64,
    Bool,
}

/// <summary>numpy descr strings and sizes of <see cref="NpyDType"/>.</summary>
public static class NpyDTypes
{
    public static int ElementSize(this NpyDType dtype) => dtype.ToSafeTensorDType().ElementSize();

    /// <summary>The little-endian descr numpy writes for the type ("&lt;f4", "|u1", ...).</summary>
    public static string Descr(this NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        NpyDType.Float16 => "<f2",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int8 => "|i1",
        NpyDType.Int16 => "<i2",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown npy dtype."),
    };

    /// <summary>
    /// Parses a descr; byte order must be little ('&lt;'), native ('=', this host is little-endian)
    /// or irrelevant ('|', single bytes). Returns false for anything else, big-endian included.
    /// </summary>
    public static bool TryParseDescr(string descr, out NpyDType dtype)
    {
        dtype = default;
        if (descr.Length < 3 || descr[0] is not ('<' or '=' or '|'))
        {
            return false;
        }

        bool parsed = descr[1..] switch
        {
            "f4" => Set(NpyDType.Float32, out dtype),
            "f8" => Set(NpyDType.Float64, out dtype),
            "f2" => Set(NpyDType.Float16, out dtype),
            "u1" => Set(NpyDType.UInt8, out dtype),
            "i1" => Set(NpyDType.Int8, out dtype),
            "i2" => Set(NpyDType.Int16, out dtype),
            "i4" => Set(NpyDType.Int32, out dtype),
            "i8" => Set(NpyDType.Int64, out dtype),
            "b1" => Set(NpyDType.Bool, out dtype),
            _ => false,
        };

        // '|' only makes sense for one-byte types; numpy never writes '|f4'.
        return parsed && (descr[0] != '|' || dtype.ElementSize() == 1) && BitConverter.IsLittleEndian;
    }

    internal static SafeTensorDType ToSafeTensorDType(this NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => SafeTensorDType.F32,
        NpyDType.Float64 => SafeTensorDType.F64,
        NpyDType.Float16 => SafeTensorDType.F16,
        NpyDType.UInt8 => SafeTensorDType.U8,
        NpyDType.Int8 => SafeTensorDType.I8,
        NpyDType.Int16 => SafeTensorDType.I16,
        NpyDType.Int32 => SafeTensorDType.I32,
        NpyDType.Int64 => SafeTensorDType.I64,
        NpyDType.Bool => SafeTensorDType.Bool,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown npy dtype."),
    };

    private static bool Set(NpyDType value, out NpyDType dtype)
    {
        dtype = value;
        return true;
    }
}
