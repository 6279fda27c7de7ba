using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// Huffman decoding of one scan's blocks: sequential (jdhuff.c) and the four progressive scan
/// kinds, DC/AC first and refinement (jdphuff.c), with libjpeg's handling of runs and EOB runs.
/// </summary>
internal sealed class JpegScanDecoder
{
    private readonly JpegBitReader _reader;
    private readonly JpegComponent[] _scan;
    private readonly int _ss;
    private readonly int _se;
    private readonly int _ah;
    private readonly int _al;
    private readonly bool _progressive;
    private readonly string _fileName;
    private int _eobRun;

    public JpegScanDecoder(JpegBitReader reader, JpegComponent[] scan, int ss, int se, int ah, int al, bool progressive, string fileName)
    {
        _reader = reader;
        _scan = scan;
        _ss = ss;
        _se = se;
        _ah = ah;
        _al = al;
        _progressive = progressive;
        _fileName = fileName;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ResetForRestart()
    {
        _eobRun = 0;
        foreach (var comp in _scan)
        {
            comp.DcPredictor = 0;
        }
    }

    public void DecodeBlock(JpegComponent comp, Span<short> block)
    {
        if (!_progressive)
        {
            DecodeSequential(comp, block);
        }
        else if (_ss == 0)
        {
            if (_ah == 0)
            {
                block[0] = (short)(DecodeDcDifference(comp) << _al);
            }
            else if (_reader.GetBit() != 0)
            {
                block[0] |= (short)(1 << _al);
            }
        }
        else if (_ah == 0)
        {
            DecodeAcFirst(comp, block);
        }
        else
        {
            DecodeAcRefine(comp, block);
        }
    }

    private int DecodeDcDifference(JpegComponent comp)
    {
        var s = _reader.DecodeSymbol(comp.DcTable!);
        if (s > 16)
        {
            throw new InvalidInputException($"JPEG DC code for {s}-bit difference; expected at most 16 bits (corrupt data).", _fileName);
        }

        var diff = s == 0 ? 0 : _reader.Receive(s);
        // libjpeg keeps the predictor in an int and stores it truncated to 16 bits.
        comp.DcPredictor += diff;
        return (short)comp.DcPredictor;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeSequential(JpegComponent comp, Span<short> block)
    {
        block[0] = (short)DecodeDcDifference(comp);
        var ac = comp.AcTable!;
        var natural = JpegZigzag.NaturalOrder;
        for (var k = 1; k < 64; k++)
        {
            var rs = _reader.DecodeSymbol(ac);
            var r = rs >> 4;
            var s = rs & 15;
            if (s != 0)
            {
                k += r;
                block[natural[k]] = (short)_reader.Receive(s);
            }
            else
            {
                if (r != 15)
                {
                    break;
                }

                k += 15;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeAcFirst(JpegComponent comp, Span<short> block)
    {
        if (_eobRun > 0)
        {
            _eobRun--;
            return;
        }

        var ac = comp.AcTable!;
        var natural = JpegZigzag.NaturalOrder;
        for (var k = _ss; k <= _se; k++)
        {
            var rs = _reader.DecodeSymbol(ac);
            var r = rs >> 4;
            var s = rs & 15;
            if (s != 0)
            {
                k += r;
                block[natural[k]] = (short)(_reader.Receive(s) * (1 << _al));
            }
            else if (r == 15)
            {
                k += 15;
            }
            else
            {
                _eobRun = (1 << r) - 1;
                if (r != 0)
                {
                    _eobRun += _reader.GetBits(r);
                }

                break;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DecodeAcRefine(JpegComponent comp, Span<short> block)
    {
        var p1 = 1 << _al;
        var m1 = -1 << _al;
        var natural = JpegZigzag.NaturalOrder;
        var k = _ss;
        if (_eobRun == 0)
        {
            var ac = comp.AcTable!;
            for (; k <= _se; k++)
            {
                var rs = _reader.DecodeSymbol(ac);
                var r = rs >> 4;
                var s = rs & 15;
                if (s != 0)
                {
                    s = _reader.GetBit() != 0 ? p1 : m1;
                }
                else if (r != 15)
                {
                    _eobRun = 1 << r;
                    if (r != 0)
                    {
                        _eobRun += _reader.GetBits(r);
                    }

                    break;
                }

                do
                {
                    ref var coef = ref block[natural[k]];
                    if (coef != 0)
                    {
                        RefineBit(ref coef, p1, m1);
                    }
                    else if (--r < 0)
                    {
                        break;
                    }

                    k++;
                }
                while (k <= _se);

                if (s != 0)
                {
                    block[natural[k]] = (short)s;
                }
            }
        }

        if (_eobRun > 0)
        {
            for (; k <= _se; k++)
            {
                ref var coef = ref block[natural[k]];
                if (coef != 0)
                {
                    RefineBit(ref coef, p1, m1);
                }
            }

            _eobRun--;
        }
    }

    private void RefineBit(ref short coef, int p1, int m1)
    {
        if (_reader.GetBit() != 0 && (coef & p1) == 0)
        {
            coef += (short)(coef >= 0 ? p1 : m1);
        }
    }
}
