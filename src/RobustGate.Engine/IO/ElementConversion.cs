using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace RobustGate.Engine.IO;

/// <summary>
/// Converts raw little-endian element bytes (as stored by safetensors and .npy) to float32 or
/// int64. Files are little-endian; on a big-endian host every element is byte-swapped.
/// </summary>
internal static class ElementConversion
{
    public static void ToFloat32(ReadOnlySpan<byte> source, SafeTensorDType dtype, Span<float> destination)
    {
        int count = destination.Length;
        switch (dtype)
        {
            case SafeTensorDType.F32:
                if (BitConverter.IsLittleEndian)
                {
                    source[..(count * 4)].CopyTo(MemoryMarshal.AsBytes(destination));
                }
                else
                {
                    for (int i = 0; i < count; i++)
                    {
                        destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(i * 4)..]);
                    }
                }

                break;
            case SafeTensorDType.F16:
                if (BitConverter.IsLittleEndian)
                {
                    TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source[..(count * 2)]), destination);
                }
                else
                {
                    for (int i = 0; i < count; i++)
                    {
                        destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(i * 2)..]);
                    }
                }

                break;
            case SafeTensorDType.BF16:
                // bfloat16 is the upper half of a float32, so widening is exact: shift into place.
                for (int i = 0; i < count; i++)
                {
                    uint bits = (uint)BinaryPrimitives.ReadUInt16LittleEndian(source[(i * 2)..]) << 16;
                    destination[i] = BitConverter.UInt32BitsToSingle(bits);
                }

                break;
            case SafeTensorDType.F64:
                for (int i = 0; i < count; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(i * 8)..]);
                }

                break;
            case SafeTensorDType.I64:
                for (int i = 0; i < count; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(i * 8)..]);
                }

                break;
            case SafeTensorDType.I32:
                for (int i = 0; i < count; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]);
                }

                break;
            case SafeTensorDType.I16:
                for (int i = 0; i < count; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]);
                }

                break;
            case SafeTensorDType.I8:
                for (int i = 0; i < count; i++)
                {
                    destination[i] = (sbyte)source[i];
                }

                break;
            case SafeTensorDType.U8:
                for (int i = 0; i < count; i++)
                {
                    destination[i] = source[i];
                }

                break;
            case SafeTensorDType.Bool:
                for (int i = 0; i < count; i++)
                {
                    destination[i] = source[i] != 0 ? 1f : 0f;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype.");
        }
    }

    /// <summary>Integer and boolean types only: a float has no exact int64 value in general.</summary>
    public static bool IsInteger(SafeTensorDType dtype) =>
        dtype is SafeTensorDType.I64 or SafeTensorDType.I32 or SafeTensorDType.I16 or SafeTensorDType.I8
            or SafeTensorDType.U8 or SafeTensorDType.Bool;

    public static void ToInt64(ReadOnlySpan<byte> source, SafeTensorDType dtype, Span<long> destination)
    {
        int count = destination.Length;
        for (int i = 0; i < count; i++)
        {
            destination[i] = dtype switch
            {
                SafeTensorDType.I64 => BinaryPrimitives.ReadInt64LittleEndian(source[(i * 8)..]),
                SafeTensorDType.I32 => BinaryPrimitives.ReadInt32LittleEndian(source[(i * 4)..]),
                SafeTensorDType.I16 => BinaryPrimitives.ReadInt16LittleEndian(source[(i * 2)..]),
                SafeTensorDType.I8 => (sbyte)source[i],
                SafeTensorDType.U8 => source[i],
                SafeTensorDType.Bool => source[i] != 0 ? 1 : 0,
                _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Not an integer dtype."),
            };
        }
    }
}
