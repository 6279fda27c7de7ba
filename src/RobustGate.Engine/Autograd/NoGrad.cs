namespace RobustGate.Engine.Autograd;

/// <summary>
/// A scope in which no backward nodes are recorded (PyTorch's <c>torch.no_grad()</c>):
/// <c>using (new NoGrad()) { ... }</c>. Nestable and thread-static; dispose on the thread that
/// created it.
/// </summary>
public sealed class NoGrad : IDisposable
{
    private readonly int threadId = Environment.CurrentManagedThreadId;
    private bool disposed;

    public NoGrad() => GradMode.Disable();

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        if (Environment.CurrentManagedThreadId != threadId)
        {
            throw new InvalidOperationException("A NoGrad scope must be disposed on the thread that opened it.");
        }

        disposed = true;
        GradMode.Restore();
    }
}
