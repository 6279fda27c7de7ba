using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.Win32.SafeHandles;

namespace RobustGate.Engine.IO;

/// <summary>
/// A safetensors file read into memory and fully validated: an 8-byte little-endian header
/// length, a JSON header mapping names to dtype/shape/data_offsets (plus an optional
/// <c>__metadata__</c> map of strings), then the tensors' bytes. Every defect is reported as an
/// <see cref="InvalidInputException"/> naming the file; nothing is allocated from a size the file
/// claims before that size has been checked against the file's real length.
/// </summary>
public sealed class SafeTensorsFile
{
    /// <summary>Headers larger than this are refused, as the reference implementation does.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    private const string MetadataKey = "__metadata__";

    private readonly Dictionary<string, SafeTensor> _byName;

    private SafeTensorsFile(string path, IReadOnlyList<SafeTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        Tensors = tensors;
        Metadata = metadata;
        _byName = new Dictionary<string, SafeTensor>(tensors.Count, StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            _byName.Add(tensor.Name, tensor);
        }

        Names = tensors.Select(t => t.Name).ToArray();
    }

    /// <summary>The file this was read from (or a label for in-memory data).</summary>
    public string Path { get; }

    /// <summary>Tensor names in the order the header lists them.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Tensors in the order the header lists them.</summary>
    public IReadOnlyList<SafeTensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public bool Contains(string name) => _byName.ContainsKey(name);

    public bool TryGet(string name, out SafeTensor tensor) => _byName.TryGetValue(name, out tensor!);

    /// <summary>The named tensor; a missing name is an input error naming the file.</summary>
    public SafeTensor Get(string name)
    {
        if (_byName.TryGetValue(name, out var tensor))
        {
            return tensor;
        }

        throw new InvalidInputException($"tensor '{name}' not found (the file has {_byName.Count} tensors).", Path);
    }

    public static SafeTensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            long length = RandomAccess.GetLength(handle);
            if (length > Array.MaxLength)
            {
                throw new InvalidInputException($"file is {length} bytes; safetensors files over {Array.MaxLength} bytes are not supported.", path);
            }

            bytes = GC.AllocateUninitializedArray<byte>((int)length);
            int read = 0;
            while (read < bytes.Length)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(read), read);
                if (n == 0)
                {
                    throw new InvalidInputException($"file shrank while being read ({read} of {length} bytes).", path);
                }

                read += n;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read safetensors file: {e.Message}", path, e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses a whole safetensors image held in memory; <paramref name="label"/> names it in errors.</summary>
    public static SafeTensorsFile Parse(byte[] bytes, string label)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 8)
        {
            throw new InvalidInputException($"header too short: a safetensors file starts with an 8-byte header length, but the file has {bytes.Length} bytes.", label);
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)MaxHeaderBytes)
        {
            throw new InvalidInputException($"header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes.", label);
        }

        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InvalidInputException($"header length {headerLength} runs past the end of the file ({bytes.Length - 8} bytes follow the length field).", label);
        }

        if (headerLength < 2)
        {
            throw new InvalidInputException($"header length {headerLength} is too small for a JSON object.", label);
        }

        var header = new ReadOnlyMemory<byte>(bytes, 8, (int)headerLength);
        int dataStart = 8 + (int)headerLength;
        var data = new ReadOnlyMemory<byte>(bytes, dataStart, bytes.Length - dataStart);
        return ParseHeader(header, data, label);
    }

    private static SafeTensorsFile ParseHeader(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data, string label)
    {
        if (header.Span[0] != (byte)'{')
        {
            throw new InvalidInputException($"header does not start with '{{' (found byte 0x{header.Span[0]:x2}).", label);
        }

        if (!Utf8.IsValid(header.Span))
        {
            throw new InvalidInputException("header is not valid UTF-8.", label);
        }

        try
        {
            return ParseJson(header, data, label);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reports escaped lone surrogates in names or strings this way.
            throw new InvalidInputException($"header holds a string that is not valid Unicode: {e.Message}", label, e);
        }
    }

    private static SafeTensorsFile ParseJson(ReadOnlyMemory<byte> header, ReadOnlyMemory<byte> data, string label)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"header is not valid JSON: {e.Message}", label, e);
        }
        catch (ArgumentException e)
        {
            // Invalid UTF-8 surfaces as ArgumentException from some readers.
            throw new InvalidInputException($"header is not valid UTF-8 JSON: {e.Message}", label, e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInputException($"header must be a JSON object, found {document.RootElement.ValueKind}.", label);
            }

            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var tensors = new List<SafeTensor>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var ranges = new List<(long Begin, long End, string Name)>();
            bool sawMetadata = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (sawMetadata)
                    {
                        throw new InvalidInputException($"header has '{MetadataKey}' twice.", label);
                    }

                    sawMetadata = true;
                    ReadMetadata(property.Value, metadata, label);
                    continue;
                }

                if (!seen.Add(property.Name))
                {
                    throw new InvalidInputException($"header lists tensor '{property.Name}' twice.", label);
                }

                var (dtype, shape, count, begin, end) = ReadTensorEntry(property.Name, property.Value, label);
                ranges.Add((begin, end, property.Name));
                if (end > data.Length)
                {
                    throw new InvalidInputException($"tensor '{property.Name}': data_offsets [{begin}, {end}] run past the end of the data section ({data.Length} bytes).", label);
                }

                tensors.Add(new SafeTensor(property.Name, dtype, shape, count, data.Slice((int)begin, (int)(end - begin))));
            }

            CheckCoverage(ranges, data.Length, label);
            return new SafeTensorsFile(label, tensors, metadata);
        }
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, string label)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"'{MetadataKey}' must be an object of strings, found {value.ValueKind}.", label);
        }

        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidInputException($"'{MetadataKey}.{entry.Name}' must be a string, found {entry.Value.ValueKind}.", label);
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw new InvalidInputException($"'{MetadataKey}' has key '{entry.Name}' twice.", label);
            }
        }
    }

    private static (SafeTensorDType DType, int[] Shape, long Count, long Begin, long End) ReadTensorEntry(string name, JsonElement value, string label)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException($"tensor '{name}': entry must be an object with dtype, shape and data_offsets, found {value.ValueKind}.", label);
        }

        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw new InvalidInputException($"tensor '{name}': field 'dtype' is missing or not a string.", label);
        }

        string dtypeName = dtypeElement.GetString()!;
        if (!SafeTensorDTypes.TryParse(dtypeName, out var dtype))
        {
            throw new InvalidInputException($"tensor '{name}': unknown dtype '{dtypeName}' (expected one of F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL).", label);
        }

        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidInputException($"tensor '{name}': field 'shape' is missing or not an array.", label);
        }

        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int axis = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt32(out int size) || size < 0)
            {
                throw new InvalidInputException($"tensor '{name}': shape[{axis}] must be an integer in 0..{int.MaxValue}, found {dim.GetRawText()}.", label);
            }

            shape[axis++] = size;

            // Saturate instead of overflowing: the byte-count check below rejects anything this big.
            count = size == 0 || count == 0 ? 0 : (count > long.MaxValue / size ? long.MaxValue : count * size);
        }

        if (!value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2)
        {
            throw new InvalidInputException($"tensor '{name}': field 'data_offsets' must be an array of two integers.", label);
        }

        long begin = ReadOffset(name, offsetsElement[0], label);
        long end = ReadOffset(name, offsetsElement[1], label);
        if (end < begin)
        {
            throw new InvalidInputException($"tensor '{name}': data_offsets [{begin}, {end}] end before they begin.", label);
        }

        long expectedBytes = count > long.MaxValue / dtype.ElementSize() ? long.MaxValue : count * dtype.ElementSize();
        if (end - begin != expectedBytes)
        {
            throw new InvalidInputException($"tensor '{name}': shape [{string.Join(", ", shape)}] of {dtypeName} needs {expectedBytes} bytes, but data_offsets [{begin}, {end}] span {end - begin}.", label);
        }

        foreach (var field in value.EnumerateObject())
        {
            if (field.Name is not ("dtype" or "shape" or "data_offsets"))
            {
                throw new InvalidInputException($"tensor '{name}': unexpected field '{field.Name}'.", label);
            }
        }

        return (dtype, shape, count, begin, end);
    }

    private static long ReadOffset(string name, JsonElement element, string label)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long offset) || offset < 0)
        {
            throw new InvalidInputException($"tensor '{name}': data_offsets must be non-negative integers, found {element.GetRawText()}.", label);
        }

        return offset;
    }

    /// <summary>The tensors must tile the data section exactly: no gaps, no overlaps, nothing left over.</summary>
    private static void CheckCoverage(List<(long Begin, long End, string Name)> ranges, int dataLength, string label)
    {
        ranges.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long expected = 0;
        foreach (var (begin, end, name) in ranges)
        {
            if (begin < expected)
            {
                throw new InvalidInputException($"tensor '{name}': data_offsets [{begin}, {end}] overlap the previous tensor, which ends at {expected}.", label);
            }

            if (begin > expected)
            {
                throw new InvalidInputException($"tensor '{name}': data_offsets start at {begin}, leaving a gap after byte {expected} of the data section.", label);
            }

            expected = end;
        }

        if (expected != dataLength)
        {
            throw new InvalidInputException($"the tensors cover {expected} bytes but the data section has {dataLength}.", label);
        }
    }
}
