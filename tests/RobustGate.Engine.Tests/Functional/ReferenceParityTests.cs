using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Functional;

/// <summary>Forward and backward of each op against PyTorch 1.13 outputs in ref/engine/ops.</summary>
public class ReferenceParityTests
{
    [Theory]
    [InlineData("conv2d_0")]
    [InlineData("conv2d_1")]
    [InlineData("conv2d_2")]
    [InlineData("conv2d_3")]
    [InlineData("conv2d_4")]
    [InlineData("conv2d_5")]
    [InlineData("conv2d_6")]
    public void Conv2d_matches_pytorch(string name)
    {
        var rc = ReferenceCase.Load(name);
        var x = rc.Tensor("input").RequiresGrad_();
        var w = rc.Tensor("weight").RequiresGrad_();
        var b = rc.Has("bias") ? rc.Tensor("bias").RequiresGrad_() : null;
        var y = F.Conv2d(x, w, b, rc.Arg("stride", 1), rc.Arg("padding", 0), rc.Arg("dilation", 1), rc.Arg("groups", 1));
        ReferenceCase.AssertClose(rc.Tensor("output"), y, name + " output");
        y.Backward(rc.Tensor("grad_output"));
        ReferenceCase.AssertClose(rc.Tensor("grad_input"), x.Grad!, name + " grad_input");
        ReferenceCase.AssertClose(rc.Tensor("grad_weight"), w.Grad!, name + " grad_weight");
        if (b is not null)
        {
            ReferenceCase.AssertClose(rc.Tensor("grad_bias"), b.Grad!, name + " grad_bias");
        }
    }

    [Theory]
    [InlineData("batch_norm_0")]
    [InlineData("batch_norm_1")]
    public void BatchNorm_matches_pytorch_in_training_and_eval(string name)
    {
        var rc = ReferenceCase.Load(name);
        var eps = (float)rc.Case.GetProperty("eps").GetDouble();
        var momentum = (float)rc.Case.GetProperty("momentum").GetDouble();
        var x = rc.Tensor("input").RequiresGrad_();
        var w = rc.Tensor("weight").RequiresGrad_();
        var b = rc.Tensor("bias").RequiresGrad_();
        var rm = rc.Tensor("running_mean");
        var rv = rc.Tensor("running_var");

        // Eval mode uses the running statistics before the training pass updates them.
        var eval = F.BatchNorm(x.Detach(), rm, rv, w.Detach(), b.Detach(), training: false, momentum, eps);
        ReferenceCase.AssertClose(rc.Tensor("output_eval"), eval, name + " output_eval");

        var y = F.BatchNorm(x, rm, rv, w, b, training: true, momentum, eps);
        ReferenceCase.AssertClose(rc.Tensor("output_train"), y, name + " output_train");
        ReferenceCase.AssertClose(rc.Tensor("running_mean_after"), rm, name + " running_mean_after");
        ReferenceCase.AssertClose(rc.Tensor("running_var_after"), rv, name + " running_var_after");
        y.Backward(rc.Tensor("grad_output"));
        ReferenceCase.AssertClose(rc.Tensor("grad_input"), x.Grad!, name + " grad_input");
        ReferenceCase.AssertClose(rc.Tensor("grad_weight"), w.Grad!, name + " grad_weight");
        ReferenceCase.AssertClose(rc.Tensor("grad_bias"), b.Grad!, name + " grad_bias");
    }

    [Theory]
    [InlineData("max_pool2d_0")]
    [InlineData("max_pool2d_1")]
    [InlineData("avg_pool2d_2")]
    [InlineData("avg_pool2d_3")]
    [InlineData("adaptive_avg_pool2d_4")]
    public void Pooling_matches_pytorch(string name)
    {
        var rc = ReferenceCase.Load(name);
        var x = rc.Tensor("input").RequiresGrad_();
        var op = rc.Case.GetProperty("op").GetString();
        var y = op switch
        {
            "max_pool2d" => F.MaxPool2d(x, rc.Arg("kernel_size", 0), rc.Arg("stride", rc.Arg("kernel_size", 0)), rc.Arg("padding", 0), rc.Arg("dilation", 1), rc.Flag("ceil_mode", false)),
            "avg_pool2d" => F.AvgPool2d(x, rc.Arg("kernel_size", 0), rc.Arg("stride", rc.Arg("kernel_size", 0)), rc.Arg("padding", 0), rc.Flag("ceil_mode", false), rc.Flag("count_include_pad", true)),
            "adaptive_avg_pool2d" => F.AdaptiveAvgPool2d(x, rc.Arg("output_size", 1)),
            _ => throw new InvalidOperationException(op),
        };
        ReferenceCase.AssertClose(rc.Tensor("output"), y, name + " output");
        y.Backward(rc.Tensor("grad_output"));
        ReferenceCase.AssertClose(rc.Tensor("grad_input"), x.Grad!, name + " grad_input");
    }

    [Fact]
    public void Linear_matches_pytorch()
    {
        var rc = ReferenceCase.Load("linear_0");
        var x = rc.Tensor("input").RequiresGrad_();
        var w = rc.Tensor("weight").RequiresGrad_();
        var b = rc.Tensor("bias").RequiresGrad_();
        var y = F.Linear(x, w, b);
        ReferenceCase.AssertClose(rc.Tensor("output"), y, "linear output");
        y.Backward(rc.Tensor("grad_output"));
        ReferenceCase.AssertClose(rc.Tensor("grad_input"), x.Grad!, "linear grad_input");
        ReferenceCase.AssertClose(rc.Tensor("grad_weight"), w.Grad!, "linear grad_weight");
        ReferenceCase.AssertClose(rc.Tensor("grad_bias"), b.Grad!, "linear grad_bias");
    }

    [Fact]
    public void CrossEntropy_matches_pytorch()
    {
        var rc = ReferenceCase.Load("cross_entropy_0");
        var logits = rc.Tensor("logits").RequiresGrad_();
        var labels = rc.Int("labels");
        ReferenceCase.AssertClose(rc.Tensor("log_softmax"), F.LogSoftmax(logits.Detach(), 1), "log_softmax");
        var loss = F.CrossEntropy(logits, labels);
        ReferenceCase.AssertClose(rc.Tensor("loss"), loss.Reshape(1), "loss");
        loss.Backward();
        ReferenceCase.AssertClose(rc.Tensor("grad_logits"), logits.Grad!, "grad_logits");

        // The same loss through log_softmax + nll_loss and through a float label tensor.
        var viaNll = F.NllLoss(F.LogSoftmax(logits.Detach(), 1), labels);
        Assert.Equal(loss.Item(), viaNll.Item(), 5);
        var viaTensor = F.CrossEntropy(logits.Detach(), Tensor.FromArray(labels.Select(v => (float)v).ToArray()));
        Assert.Equal(loss.Item(), viaTensor.Item());
    }
}
