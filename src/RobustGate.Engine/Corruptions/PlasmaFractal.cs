using System.Runtime.CompilerServices;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// The diamond-square height map of fog (spec §3.10, P10): M×M, normalised to [0, 1], with
/// three <c>uniform(−w, w)</c> arrays per level drawn in the reference's order (squares, then the
/// row-lattice diamonds, then the column-lattice diamonds) and every neighbour sum wrapping around.
/// </summary>
internal static class PlasmaFractal
{
    /// <summary>
    /// Fills <paramref name="map"/> (M·M, row-major) with the normalised plasma, stored in
    /// <typeparamref name="T"/>: imagecorruptions keeps the map in float32 (neighbour sums in
    /// float32, each new value rounded to float32), Hendrycks' generators in float64. Checked against
    /// the reference outputs: the other precision differs on a few pixels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Generate<T>(Span<T> map, int mapSize, double wibbleDecay, NumpyRandom rng)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        if (mapSize < 1 || (mapSize & (mapSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mapSize), mapSize, "The plasma map side must be a power of two.");
        }

        var m = mapSize;
        map[..(m * m)].Clear();
        var four = T.CreateTruncating(4);
        var step = m;
        var wibble = 100.0;
        while (step >= 2)
        {
            var half = step / 2;
            var n = m / step;
            var range = wibble - (-wibble);

            // Squares: corner sum c[i,j] + c[i+1,j] + c[i,j+1] + c[i+1,j+1], summed as numpy rolls do.
            for (var i = 0; i < n; i++)
            {
                var i1 = (i + 1) % n;
                for (var j = 0; j < n; j++)
                {
                    var j1 = (j + 1) % n;
                    var a = map[(i * step * m) + (j * step)] + map[(i1 * step * m) + (j * step)];
                    var b = map[(i * step * m) + (j1 * step)] + map[(i1 * step * m) + (j1 * step)];
                    var sum = a + b;
                    map[(((i * step) + half) * m) + (j * step) + half] = T.CreateTruncating(double.CreateTruncating(sum / four) + (wibble * (-wibble + (range * rng.NextDouble()))));
                }
            }

            // Diamonds on lattice rows (column offset half): dr[i,j] + dr[i-1,j] + ul[i,j] + ul[i,j+1].
            for (var i = 0; i < n; i++)
            {
                var im = (i - 1 + n) % n;
                for (var j = 0; j < n; j++)
                {
                    var j1 = (j + 1) % n;
                    var dr = map[(((i * step) + half) * m) + (j * step) + half] + map[(((im * step) + half) * m) + (j * step) + half];
                    var ul = map[(i * step * m) + (j * step)] + map[(i * step * m) + (j1 * step)];
                    var sum = dr + ul;
                    map[(i * step * m) + (j * step) + half] = T.CreateTruncating(double.CreateTruncating(sum / four) + (wibble * (-wibble + (range * rng.NextDouble()))));
                }
            }

            // Diamonds on lattice columns (row offset half): dr[i,j] + dr[i,j-1] + ul[i,j] + ul[i+1,j].
            for (var i = 0; i < n; i++)
            {
                var i1 = (i + 1) % n;
                for (var j = 0; j < n; j++)
                {
                    var jm = (j - 1 + n) % n;
                    var dr = map[(((i * step) + half) * m) + (j * step) + half] + map[(((i * step) + half) * m) + (jm * step) + half];
                    var ul = map[(i * step * m) + (j * step)] + map[(i1 * step * m) + (j * step)];
                    var sum = dr + ul;
                    map[(((i * step) + half) * m) + (j * step)] = T.CreateTruncating(double.CreateTruncating(sum / four) + (wibble * (-wibble + (range * rng.NextDouble()))));
                }
            }

            step /= 2;
            wibble /= wibbleDecay;
        }

        var values = map[..(m * m)];
        var min = T.PositiveInfinity;
        foreach (var v in values)
        {
            min = T.Min(min, v);
        }

        var max = T.NegativeInfinity;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= min;
            max = T.Max(max, values[i]);
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] /= max;
        }
    }
}
