namespace RobustGate.Engine.Imaging;

/// <summary>
/// The fixed-point constants libjpeg's accurate integer DCTs share (jfdctint.c and jidctint.c):
/// FIX(x) = round(x * 2^13), with 2 extra bits kept between the passes.
/// </summary>
internal static class JpegIslowConstants
{
    public const int ConstBits = 13;
    public const int Pass1Bits = 2;
    public const int Fix0298631336 = 2446;
    public const int Fix0390180644 = 3196;
    public const int Fix0541196100 = 4433;
    public const int Fix0765366865 = 6270;
    public const int Fix0899976223 = 7373;
    public const int Fix1175875602 = 9633;
    public const int Fix1501321110 = 12299;
    public const int Fix1847759065 = 15137;
    public const int Fix1961570560 = 16069;
    public const int Fix2053119869 = 16819;
    public const int Fix2562915447 = 20995;
    public const int Fix3072711026 = 25172;
}
