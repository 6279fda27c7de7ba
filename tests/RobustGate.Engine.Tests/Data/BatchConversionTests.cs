using RobustGate.Engine.Data;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Data;

public class BatchConversionTests
{
    [Fact]
    public void Bytes_become_byte_over_255_exactly()
    {
        byte[] all = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var floats = new float[256];
        BatchConversion.PlanarToUnit(all, floats);
        for (int i = 0; i < 256; i++)
        {
            // torchvision divides; a multiply by 1/255 would differ in the last bit for some values.
            Assert.Equal(i / 255f, floats[i]);
        }
    }

    [Fact]
    public void Interleaved_images_become_planar_batches()
    {
        var a = new Image(2, 1, 3, [1, 2, 3, 4, 5, 6]);
        var b = new Image(2, 1, 3, [10, 20, 30, 40, 50, 60]);
        var (data, shape) = BatchConversion.ToBatch([a, b]);
        Assert.Equal([2, 3, 1, 2], shape);
        float[] expected = new byte[] { 1, 4, 2, 5, 3, 6, 10, 40, 20, 50, 30, 60 }.Select(v => v / 255f).ToArray();
        Assert.Equal(expected, data);
        Assert.Throws<ArgumentException>(() => BatchConversion.ToBatch([a, new Image(1, 1, 3)]));
        Assert.Equal([3L, -1L], BatchConversion.ToInt64([3, -1]));
    }
}
