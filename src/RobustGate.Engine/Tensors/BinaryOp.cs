namespace RobustGate.Engine.Tensors;

/// <summary>Element-wise binary operations the broadcasting kernel knows.</summary>
internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Maximum,
    Minimum,

    /// <summary>Result is the right operand (broadcast copy, used to expand gradients).</summary>
    Right,
}
