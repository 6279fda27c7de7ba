using RobustGate.Engine.Tensors;
using Xunit.Sdk;

namespace RobustGate.Engine.Tests.Autograd;

public class GradientCheckSelfTests
{
    [Fact]
    public void A_wrong_backward_is_detected()
    {
        // y = x^2 with a backward that forgets the factor 2.
        static Tensor WrongSquare(Tensor x)
        {
            var y = Tensor.FromArray(x.ToArray().Select(v => v * v).ToArray(), x.Shape);
            return y.Record("wrong_square", [x], (g, _) => [g * x]);
        }

        Assert.ThrowsAny<XunitException>(() => GradientCheck.Check("wrong", x => WrongSquare(x[0]), [Tensor.FromArray([1f, 2f, -1.5f])]));
        GradientCheck.Check("right", x => x[0].Square(), [Tensor.FromArray([1f, 2f, -1.5f])]);
    }
}
