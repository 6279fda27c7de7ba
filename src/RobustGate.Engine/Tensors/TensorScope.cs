namespace RobustGate.Engine.Tensors;

/// <summary>
/// Disposes, at the end of the scope, every tensor created on this thread while the scope was
/// the innermost one (like TorchSharp's dispose scopes). Wrapping a training step or an
/// evaluation batch in <c>using (new TensorScope()) { ... }</c> returns all activation and
/// intermediate buffers to the pool deterministically, instead of waiting for finalizers.
/// Tensors that must outlive the scope (a result, optimizer state created lazily inside it) are
/// moved out with <see cref="Keep"/>. Gradients accumulated into a leaf's <see cref="Tensor.Grad"/>
/// are moved out automatically. Nestable; thread-static; dispose on the creating thread.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? current;

    private readonly TensorScope? outer;
    private readonly int threadId = Environment.CurrentManagedThreadId;
    private List<Tensor>? owned = [];

    public TensorScope()
    {
        outer = current;
        current = this;
    }

    /// <summary>Number of tensors registered with this scope so far.</summary>
    public int Count => owned?.Count ?? 0;

    /// <summary>Moves <paramref name="tensor"/> to the enclosing scope (or out of all scopes) and returns it.</summary>
    public static Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var scope = tensor.Scope;
        if (scope is not null)
        {
            tensor.Scope = null;
            scope.outer?.Adopt(tensor);
        }

        return tensor;
    }

    public void Dispose()
    {
        if (owned is null)
        {
            return;
        }

        if (Environment.CurrentManagedThreadId != threadId)
        {
            throw new InvalidOperationException("A TensorScope must be disposed on the thread that created it.");
        }

        if (!ReferenceEquals(current, this))
        {
            throw new InvalidOperationException("TensorScopes must be disposed innermost first.");
        }

        current = outer;
        var list = owned;
        owned = null;
        foreach (var t in list)
        {
            if (ReferenceEquals(t.Scope, this))
            {
                t.Scope = null;
                t.Dispose();
            }
        }
    }

    /// <summary>Called for every new tensor: registers it with the innermost scope, if any.</summary>
    internal static void Register(Tensor tensor) => current?.Adopt(tensor);

    /// <summary>Removes a tensor from whichever scope holds it (it then lives until disposed or collected).</summary>
    internal static void Release(Tensor tensor) => tensor.Scope = null;

    private void Adopt(Tensor tensor)
    {
        if (owned is null)
        {
            return;
        }

        tensor.Scope = this;
        owned.Add(tensor);
    }
}
