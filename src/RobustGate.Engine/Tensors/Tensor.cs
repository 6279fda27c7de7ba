using RobustGate.Engine.Autograd;

namespace RobustGate.Engine.Tensors;

/// <summary>
/// A dense float32 tensor: contiguous, row-major (NCHW for images), with pooled 64-byte-aligned
/// storage and reverse-mode autograd. Views (Reshape, View, Flatten, Squeeze, Unsqueeze, Detach)
/// share storage; every other op returns a new contiguous tensor (Permute and Transpose copy).
/// Dispose returns the buffer to the pool once no view uses it; undisposed tensors are reclaimed
/// by a finalizer. In-place methods (AddInPlace, CopyFrom ...) are for optimizers and attacks and
/// are not recorded by autograd.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly int[] shape;
    private TensorStorage? storage;

    internal Tensor(TensorStorage storage, int[] shape)
    {
        this.storage = storage;
        this.shape = shape;
        Numel = ShapeUtil.Numel(shape);
        if (Numel > storage.Length)
        {
            throw new ArgumentException($"Shape {ShapeUtil.Format(shape)} needs {Numel} elements; storage has {storage.Length}.");
        }

        TensorScope.Register(this);
    }

    /// <summary>Allocates an uninitialised tensor from the pool (internal: every element must be written).</summary>
    internal static Tensor Uninitialized(params int[] shape)
        => new(new TensorStorage(ShapeUtil.Numel(shape), zero: false), (int[])shape.Clone());

    /// <summary>A copy of the shape.</summary>
    public int[] Shape => (int[])shape.Clone();

    /// <summary>The shape without copying (callers must not modify it).</summary>
    internal int[] ShapeRef => shape;

    public int Numel { get; }

    public int Dim => shape.Length;

    /// <summary>Size of one dimension; negative dims count from the end.</summary>
    public int Size(int dim) => shape[ShapeUtil.NormalizeDim(dim, shape.Length)];

    /// <summary>The <see cref="TensorScope"/> that will dispose this tensor, if any.</summary>
    internal TensorScope? Scope { get; set; }

    public bool IsDisposed => storage is null || storage.IsReleased;

    internal TensorStorage Storage => storage ?? throw new ObjectDisposedException(nameof(Tensor));

    /// <summary>The elements, for kernels. Valid until the tensor is disposed.</summary>
    public Span<float> Span => Storage.Span[..Numel];

    public ReadOnlySpan<float> ReadOnlySpan => Span;

    /// <summary>Copies the elements out.</summary>
    public float[] ToArray() => Span.ToArray();

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Numel != 1)
        {
            throw new InvalidOperationException($"Item() needs a tensor with one element; shape is {ShapeUtil.Format(shape)}.");
        }

        return Span[0];
    }

    /// <summary>Element at a multi-dimensional index (slow; for tests and small tensors).</summary>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] index]
    {
        get => Span[FlatIndex(index)];
        set => Span[FlatIndex(index)] = value;
    }

    public void Dispose()
    {
        var s = storage;
        storage = null;
        s?.RemoveReference();
    }

    public override string ToString()
        => $"Tensor{ShapeUtil.Format(shape)}" + (GradFn is null ? string.Empty : $" grad_fn={GradFn.Name}");

    private int FlatIndex(int[] index)
    {
        if (index.Length != shape.Length)
        {
            throw new ArgumentException($"Index of rank {index.Length} for a tensor of rank {shape.Length}.");
        }

        var flat = 0;
        for (var i = 0; i < index.Length; i++)
        {
            var d = index[i] < 0 ? index[i] + shape[i] : index[i];
            if ((uint)d >= (uint)shape[i])
            {
                throw new IndexOutOfRangeException($"Index {index[i]} out of range for dimension {i} of size {shape[i]}.");
            }

            flat = (flat * shape[i]) + d;
        }

        return flat;
    }

    /// <summary>A new tensor sharing this one's storage with another shape (same element count).</summary>
    internal Tensor ShareAs(int[] newShape)
    {
        var s = Storage;
        s.AddReference();
        return new Tensor(s, newShape);
    }
}
