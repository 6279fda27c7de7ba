namespace RobustGate.Engine.Metrics;

/// <summary>Plain mean top-1 error over the settings of one group (noise, blur, weather, digital, extra, or a noise suite).</summary>
public sealed record GroupError(string Group, int Settings, double MeanError);
