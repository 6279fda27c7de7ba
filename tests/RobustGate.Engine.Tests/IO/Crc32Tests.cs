using System.Text;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Tests.IO;

public class Crc32Tests
{
    [Fact]
    public void Matches_the_standard_check_value_and_appends()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xCBF43926u, Crc32.Compute(data));
        Assert.Equal(0u, Crc32.Compute([]));
        for (int split = 0; split <= data.Length; split++)
        {
            Assert.Equal(0xCBF43926u, Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }
}
