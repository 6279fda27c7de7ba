namespace RobustGate.Engine.Data;

/// <summary>
/// CIFAR-100, binary version: <c>train.bin</c> (50,000) and <c>test.bin</c> (10,000) in DIR or
/// DIR/cifar-100-binary. Each record is a coarse label byte, a fine label byte and 3072 pixel
/// bytes; the 100 fine labels are used.
/// </summary>
public sealed class Cifar100Dataset : CifarBinaryDataset
{
    public Cifar100Dataset(string directory, DatasetSplit split = DatasetSplit.Test)
        : base("cifar100", split, CifarClasses.Cifar100, Files(directory, split), labelBytes: 2, labelIndex: 1)
    {
    }

    private static string[] Files(string directory, DatasetSplit split)
    {
        string folder = LocateFolder(directory, "cifar-100-binary", "cifar100");
        return [Require(folder, split == DatasetSplit.Train ? "train.bin" : "test.bin", "cifar100")];
    }
}
