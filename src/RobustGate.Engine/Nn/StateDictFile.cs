using RobustGate.Engine.IO;

namespace RobustGate.Engine.Nn;

/// <summary>
/// Reads and writes state dicts as safetensors. Floating entries (F32, F16, BF16, F64) load as
/// float32, integer entries as int64; writing stores float32 entries as F32 and int64 entries
/// as I64, so torchvision's <c>num_batches_tracked</c> round-trips as PyTorch expects.
/// </summary>
public static class StateDictFile
{
    public static StateDict Read(string path)
    {
        var file = SafeTensorsFile.Read(path);
        return FromSafeTensors(file);
    }

    public static StateDict FromSafeTensors(SafeTensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dict = new StateDict();
        foreach (var tensor in file.Tensors)
        {
            var entry = tensor.DType switch
            {
                SafeTensorDType.F32 or SafeTensorDType.F16 or SafeTensorDType.BF16 or SafeTensorDType.F64
                    => StateEntry.FromFloat32(tensor.ToFloat32(), tensor.Shape),
                _ => StateEntry.FromInt64(tensor.ToInt64(), tensor.Shape),
            };
            dict.Add(tensor.Name, entry);
        }

        return dict;
    }

    public static void Write(string path, StateDict dict, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(dict);
        var writer = new SafeTensorsWriter();
        foreach (var (name, entry) in dict)
        {
            if (entry.DType == StateDType.Float32)
            {
                writer.Add(name, entry.Float32, entry.ShapeArray());
            }
            else
            {
                writer.Add(name, entry.Int64, entry.ShapeArray());
            }
        }

        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                writer.AddMetadata(key, value);
            }
        }

        writer.Save(path);
    }
}
