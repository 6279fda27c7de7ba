namespace RobustGate.Engine.Attacks;

/// <summary>
/// FGSM (Goodfellow et al. 2014): x' = clip(x + eps·sign(∇ₓ CE(f(x), y)), 0, 1). One forward and
/// backward pass, no random start, sign(0) = 0.
/// </summary>
public sealed class Fgsm : AttackBase
{
    public Fgsm(AttackParameters parameters)
        : base("fgsm", AttackNorm.Linf, parameters)
    {
    }

    internal override void Perturb(AttackRun run)
    {
        var active = run.Remaining();
        if (active.Length == 0)
        {
            return;
        }

        var d = run.Elements;
        var losses = new double[active.Length];
        var gradients = new float[active.Length * d];
        var logits = new float[active.Length * Math.Max(1, run.Classes)];
        run.Gradient(active, run.Clean, AttackLoss.CrossEntropy, null, losses, gradients, logits);
        for (var k = 0; k < active.Length; k++)
        {
            var x = run.AdversarialOf(active[k]);
            Steps.Sign(x, gradients.AsSpan(k * d, d), EpsF);
            Projection.Linf(run.CleanOf(active[k]), x, EpsF);
        }
    }
}
