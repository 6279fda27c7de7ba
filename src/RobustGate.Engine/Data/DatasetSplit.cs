namespace RobustGate.Engine.Data;

/// <summary>Which part of a dataset with a fixed train/test division to read.</summary>
public enum DatasetSplit
{
    Test,
    Train,
}
