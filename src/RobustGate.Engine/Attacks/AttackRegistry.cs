using RobustGate.Engine.Text;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// Attacks by name, with the defaults of spec 2.9 (torchattacks' for the CIFAR-style attacks,
/// AutoAttack's for APGD and Square):
/// <list type="table">
/// <item><term>fgsm</term><description>L∞, one step of eps</description></item>
/// <item><term>pgd-linf</term><description>alpha eps/4, 10 steps, random start</description></item>
/// <item><term>pgd-l2</term><description>alpha 0.2·eps, 10 steps, random start (uniform radius)</description></item>
/// <item><term>pgd-l1</term><description>alpha 0.075·eps, 20 steps, sparse step (top 20 %), exact projection</description></item>
/// <item><term>mifgsm</term><description>L∞, alpha eps/4, 10 steps, μ 1, no random start</description></item>
/// <item><term>apgd-ce, apgd-dlr, apgd-t</term><description>L∞/L2, 100 iterations, 1 restart, ρ 0.75, 9 targets</description></item>
/// <item><term>square</term><description>L∞, 5000 queries, p_init 0.8</description></item>
/// <item><term>autoattack</term><description>apgd-ce → apgd-t → square (L∞), worst case per sample</description></item>
/// </list>
/// Aliases: pgd (norm from the norm argument), mi-fgsm/mim, apgd (apgd-ce), apgd-targeted, aa.
/// </summary>
public static class AttackRegistry
{
    public static IReadOnlyList<string> Names { get; } =
        ["fgsm", "pgd-linf", "pgd-l2", "pgd-l1", "mifgsm", "apgd-ce", "apgd-dlr", "apgd-t", "square", "autoattack"];

    private static readonly string[] Aliases = ["pgd", "mi-fgsm", "mim", "apgd", "apgd-targeted", "aa", "auto-attack"];

    /// <summary>"linf", "l2" or "l1" (also "inf", "Linf").</summary>
    public static AttackNorm ParseNorm(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "linf" or "inf" or "l-inf" => AttackNorm.Linf,
            "l2" or "2" => AttackNorm.L2,
            "l1" or "1" => AttackNorm.L1,
            var other => throw new ConfigurationException($"unknown attack norm '{other}'; expected linf, l2 or l1"),
        };
    }

    public static string NormName(AttackNorm norm) => norm switch
    {
        AttackNorm.Linf => "linf",
        AttackNorm.L2 => "l2",
        _ => "l1",
    };

    /// <summary>
    /// The registry name for <paramref name="name"/> (aliases resolved, <c>pgd</c> completed with
    /// <paramref name="norm"/>); ConfigurationException with a suggestion for unknown names.
    /// </summary>
    public static string Canonical(string name, AttackNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant().Replace('_', '-');
        var canonical = key switch
        {
            "pgd" => ProjectedGradientDescent.NameOf(norm ?? AttackNorm.Linf),
            "mi-fgsm" or "mim" => "mifgsm",
            "apgd" => "apgd-ce",
            "apgd-targeted" => "apgd-t",
            "aa" or "auto-attack" => "autoattack",
            _ => key,
        };
        if (!Names.Contains(canonical))
        {
            throw new ConfigurationException($"unknown attack '{name}' (known: {string.Join(", ", Names)}).{NameSuggestions.Hint(key, Names.Concat(Aliases))}");
        }

        return canonical;
    }

    /// <summary>
    /// The attack <paramref name="name"/> with <paramref name="parameters"/>. <paramref name="norm"/>
    /// picks PGD's variant and APGD's/AutoAttack's norm; an attack that does not support it is a
    /// configuration error.
    /// </summary>
    public static IAttack Create(string name, AttackParameters parameters, AttackNorm? norm = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var canonical = Canonical(name, norm);
        var linfOnly = canonical is "fgsm" or "mifgsm" or "square";
        if (linfOnly && norm is { } n && n != AttackNorm.Linf)
        {
            throw new ConfigurationException($"attack '{canonical}' is an L-inf attack; norm '{NormName(n)}' is not supported");
        }

        if (canonical.StartsWith("pgd-", StringComparison.Ordinal) && norm is { } pn && ProjectedGradientDescent.NameOf(pn) != canonical)
        {
            throw new ConfigurationException($"attack '{canonical}' contradicts norm '{NormName(pn)}'");
        }

        var attackNorm = norm ?? AttackNorm.Linf;
        return canonical switch
        {
            "fgsm" => new Fgsm(parameters),
            "pgd-linf" => new ProjectedGradientDescent(AttackNorm.Linf, parameters),
            "pgd-l2" => new ProjectedGradientDescent(AttackNorm.L2, parameters),
            "pgd-l1" => new ProjectedGradientDescent(AttackNorm.L1, parameters),
            "mifgsm" => new MomentumIterativeFgsm(parameters),
            "apgd-ce" => new Apgd("apgd-ce", AttackLoss.CrossEntropy, attackNorm, parameters),
            "apgd-dlr" => new Apgd("apgd-dlr", AttackLoss.Dlr, attackNorm, parameters),
            "apgd-t" => new Apgd("apgd-t", AttackLoss.TargetedDlr, attackNorm, parameters),
            "square" => new SquareAttack(parameters),
            _ => new AutoAttack(attackNorm, parameters),
        };
    }
}
