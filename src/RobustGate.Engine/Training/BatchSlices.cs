namespace RobustGate.Engine.Training;

/// <summary>
/// Slice arithmetic shared by the mixing recipes: a fraction f of a batch of n images is the
/// index range [round(n·f_start), round(n·f_end)) (round half away from zero). Noisy images are
/// put first in every recipe; batches are shuffled, so the position carries no information.
/// </summary>
internal static class BatchSlices
{
    public static int Boundary(int count, double fraction) =>
        Math.Clamp((int)Math.Round(count * fraction, MidpointRounding.AwayFromZero), 0, count);
}
