namespace RobustGate.Engine.Data;

/// <summary>
/// CIFAR-10, binary version: <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c> (train, 50,000)
/// and <c>test_batch.bin</c> (test, 10,000), in DIR or DIR/cifar-10-batches-bin. Each record is
/// one label byte and 3072 pixel bytes.
/// </summary>
public sealed class Cifar10Dataset : CifarBinaryDataset
{
    public Cifar10Dataset(string directory, DatasetSplit split = DatasetSplit.Test)
        : base("cifar10", split, CifarClasses.Cifar10, Files(directory, split), labelBytes: 1, labelIndex: 0)
    {
    }

    private static string[] Files(string directory, DatasetSplit split)
    {
        string folder = LocateFolder(directory, "cifar-10-batches-bin", "cifar10");
        return split == DatasetSplit.Train
            ? Enumerable.Range(1, 5).Select(i => Require(folder, $"data_batch_{i}.bin", "cifar10")).ToArray()
            : [Require(folder, "test_batch.bin", "cifar10")];
    }
}
