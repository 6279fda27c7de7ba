using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace RobustGate.Engine.IO;

/// <summary>
/// Builds a safetensors file. Output is deterministic: the header lists <c>__metadata__</c> first
/// and then the tensors sorted by name (ordinal), the data follows in that order, and the header is
/// padded with spaces to a multiple of 8 bytes so the data is 8-byte aligned. <see cref="Save"/>
/// writes a temporary file and renames it over the target.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly SortedDictionary<string, (SafeTensorDType DType, int[] Shape, byte[] Bytes)> _tensors = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    public int Count => _tensors.Count;

    public SafeTensorsWriter AddMetadata(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        _metadata[key] = value;
        return this;
    }

    /// <summary>Adds float32 data stored as F32, or rounded to nearest-even as F16 or BF16.</summary>
    public SafeTensorsWriter Add(string name, ReadOnlySpan<float> values, ReadOnlySpan<int> shape, SafeTensorDType dtype = SafeTensorDType.F32)
    {
        CheckShape(name, values.Length, shape);
        byte[] bytes;
        switch (dtype)
        {
            case SafeTensorDType.F32:
                bytes = new byte[values.Length * 4];
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.AsBytes(values).CopyTo(bytes);
                }
                else
                {
                    for (int i = 0; i < values.Length; i++)
                    {
                        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
                    }
                }

                break;
            case SafeTensorDType.F16:
                bytes = new byte[values.Length * 2];
                var halves = new Half[values.Length];
                TensorPrimitives.ConvertToHalf(values, halves);
                for (int i = 0; i < halves.Length; i++)
                {
                    BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(i * 2), halves[i]);
                }

                break;
            case SafeTensorDType.BF16:
                bytes = new byte[values.Length * 2];
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), ToBFloat16Bits(values[i]));
                }

                break;
            case SafeTensorDType.F64:
                bytes = new byte[values.Length * 8];
                for (int i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
                }

                break;
            default:
                throw new ArgumentException($"Float data can be stored as F32, F16, BF16 or F64, not {dtype.HeaderName()}.", nameof(dtype));
        }

        _tensors[name] = (dtype, shape.ToArray(), bytes);
        return this;
    }

    /// <summary>Adds int64 data as I64 (PyTorch's dtype for labels and <c>num_batches_tracked</c>).</summary>
    public SafeTensorsWriter Add(string name, ReadOnlySpan<long> values, ReadOnlySpan<int> shape)
    {
        CheckShape(name, values.Length, shape);
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        _tensors[name] = (SafeTensorDType.I64, shape.ToArray(), bytes);
        return this;
    }

    /// <summary>Adds int32 data as I32.</summary>
    public SafeTensorsWriter Add(string name, ReadOnlySpan<int> values, ReadOnlySpan<int> shape)
    {
        CheckShape(name, values.Length, shape);
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        _tensors[name] = (SafeTensorDType.I32, shape.ToArray(), bytes);
        return this;
    }

    /// <summary>Adds bytes as U8 (or BOOL, whose elements must be 0 or 1).</summary>
    public SafeTensorsWriter Add(string name, ReadOnlySpan<byte> values, ReadOnlySpan<int> shape, SafeTensorDType dtype = SafeTensorDType.U8)
    {
        if (dtype is not (SafeTensorDType.U8 or SafeTensorDType.Bool))
        {
            throw new ArgumentException($"Byte data can be stored as U8 or BOOL, not {dtype.HeaderName()}.", nameof(dtype));
        }

        CheckShape(name, values.Length, shape);
        if (dtype == SafeTensorDType.Bool && values.IndexOfAnyExcept((byte)0, (byte)1) >= 0)
        {
            throw new ArgumentException($"Tensor '{name}': BOOL elements must be 0 or 1.", nameof(values));
        }

        _tensors[name] = (dtype, shape.ToArray(), values.ToArray());
        return this;
    }

    /// <summary>The complete file image.</summary>
    public byte[] ToArray()
    {
        using var stream = new MemoryStream();
        WriteTo(stream);
        return stream.ToArray();
    }

    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] header = BuildHeader();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in _tensors)
        {
            stream.Write(tensor.Bytes);
        }
    }

    public void Save(string path) => AtomicFile.Write(path, WriteTo);

    private byte[] BuildHeader()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in _metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in _tensors)
            {
                json.WriteStartObject(name);
                json.WriteString("dtype", tensor.DType.HeaderName());
                json.WriteStartArray("shape");
                foreach (int dim in tensor.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += tensor.Bytes.Length;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        int padded = (int)((buffer.Length + 7) / 8 * 8);
        while (buffer.Length < padded)
        {
            buffer.WriteByte((byte)' ');
        }

        return buffer.ToArray();
    }

    private static void CheckShape(string name, int length, ReadOnlySpan<int> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == "__metadata__")
        {
            throw new ArgumentException("'__metadata__' is reserved for the metadata map.", nameof(name));
        }

        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] has a negative dimension.", nameof(shape));
            }

            count *= dim;
        }

        if (count != length)
        {
            throw new ArgumentException($"Tensor '{name}': shape [{string.Join(", ", shape.ToArray())}] holds {count} elements, but {length} were given.", nameof(shape));
        }
    }

    /// <summary>Rounds to nearest-even bfloat16, keeping NaN a NaN (a plain truncation could make it infinity).</summary>
    private static ushort ToBFloat16Bits(float value)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        uint roundingBias = 0x7FFF + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }
}
