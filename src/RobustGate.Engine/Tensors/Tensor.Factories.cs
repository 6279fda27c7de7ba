namespace RobustGate.Engine.Tensors;

/// <content>Factories: constants, ranges, copies of arrays, seeded random tensors.</content>
public sealed partial class Tensor
{
    public static Tensor Zeros(params int[] shape) => new(new TensorStorage(ShapeUtil.Numel(shape), zero: true), (int[])shape.Clone());

    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    public static Tensor Full(float value, params int[] shape)
    {
        var t = Uninitialized(shape);
        t.Span.Fill(value);
        return t;
    }

    /// <summary>A tensor from the pool whose contents are undefined: every element must be written before it is read.</summary>
    public static Tensor Empty(params int[] shape) => Uninitialized(shape);

    public static Tensor ZerosLike(Tensor t) => Zeros(t.shape);

    public static Tensor OnesLike(Tensor t) => Ones(t.shape);

    public static Tensor FullLike(Tensor t, float value) => Full(value, t.shape);

    /// <summary>A 0-dimensional tensor holding one value.</summary>
    public static Tensor Scalar(float value) => Full(value, []);

    /// <summary>Copies <paramref name="data"/> into a new tensor; with no shape, a 1-D tensor.</summary>
    public static Tensor FromArray(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var s = shape.Length == 0 ? [data.Length] : shape;
        if (ShapeUtil.Numel(s) != data.Length)
        {
            throw new ArgumentException($"{data.Length} values do not fill shape {ShapeUtil.Format(s)}.");
        }

        var t = Uninitialized(s);
        data.CopyTo(t.Span);
        return t;
    }

    /// <summary>Copies a span into a new tensor of the given shape.</summary>
    public static Tensor FromSpan(ReadOnlySpan<float> data, params int[] shape)
    {
        if (ShapeUtil.Numel(shape) != data.Length)
        {
            throw new ArgumentException($"{data.Length} values do not fill shape {ShapeUtil.Format(shape)}.");
        }

        var t = Uninitialized(shape);
        data.CopyTo(t.Span);
        return t;
    }

    /// <summary>Values start, start + step, ... below end (PyTorch's arange).</summary>
    public static Tensor Arange(float start, float end, float step = 1f)
    {
        if (step == 0 || float.IsNaN(step))
        {
            throw new ArgumentException("Arange step must be non-zero.", nameof(step));
        }

        var count = (int)Math.Max(0, Math.Ceiling((end - (double)start) / step));
        var t = Uninitialized(count);
        var s = t.Span;
        for (var i = 0; i < count; i++)
        {
            s[i] = (float)(start + (i * (double)step));
        }

        return t;
    }

    public static Tensor Arange(int end) => Arange(0, end);

    /// <summary>Uniform in [0, 1).</summary>
    public static Tensor Rand(Generator generator, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Uninitialized(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = generator.NextSingle();
        }

        return t;
    }

    /// <summary>Uniform in [low, high).</summary>
    public static Tensor Uniform(Generator generator, float low, float high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Uninitialized(shape);
        var s = t.Span;
        var width = (double)high - low;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)(low + (width * generator.NextDouble()));
        }

        return t;
    }

    /// <summary>Standard normal.</summary>
    public static Tensor Randn(Generator generator, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Uninitialized(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = (float)generator.NextNormal();
        }

        return t;
    }

    /// <summary>Uniform integers in [low, high), stored as floats.</summary>
    public static Tensor RandInt(Generator generator, int low, int high, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var t = Uninitialized(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            s[i] = generator.NextInt64(low, high);
        }

        return t;
    }

    /// <summary>A new tensor with the same values (no autograd link; use <c>x * 1</c> or ops for that).</summary>
    public Tensor Clone()
    {
        var t = Uninitialized(shape);
        Span.CopyTo(t.Span);
        return t;
    }
}
