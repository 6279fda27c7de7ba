namespace RobustGate.Engine.Data;

/// <summary>The size every image of a dataset has, as channels x height x width.</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    public int ElementCount => Channels * Height * Width;

    public override string ToString() => $"{Width}x{Height}x{Channels}";
}
