using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Autograd;

/// <summary>
/// Whether operations on the current thread record backward nodes. Disabled inside a
/// <see cref="NoGrad"/> scope. Thread-static, so evaluation threads and a training thread do not
/// interfere.
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int disabledDepth;

    /// <summary>True unless the current thread is inside a <see cref="NoGrad"/> scope.</summary>
    public static bool IsEnabled => disabledDepth == 0;

    /// <summary>True when an op on these inputs must record a backward node.</summary>
    public static bool ShouldRecord(Tensor a) => disabledDepth == 0 && a.RequiresGrad;

    public static bool ShouldRecord(Tensor a, Tensor b) => disabledDepth == 0 && (a.RequiresGrad || b.RequiresGrad);

    public static bool ShouldRecord(params ReadOnlySpan<Tensor?> inputs)
    {
        if (disabledDepth != 0)
        {
            return false;
        }

        foreach (var t in inputs)
        {
            if (t is not null && t.RequiresGrad)
            {
                return true;
            }
        }

        return false;
    }

    internal static void Disable() => disabledDepth++;

    internal static void Restore() => disabledDepth--;
}
