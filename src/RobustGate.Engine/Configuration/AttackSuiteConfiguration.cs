namespace RobustGate.Engine.Configuration;

/// <summary>
/// One entry of <c>suites.attacks</c>. eps is in [0, 1] pixel units (a string "8/255" is accepted);
/// steps default 10, restarts 1, norm "linf"; alpha null lets the attack choose its step size.
/// </summary>
public sealed record AttackSuiteConfiguration(string Name, double Eps, int Steps, double? Alpha, int Restarts, string Norm);
