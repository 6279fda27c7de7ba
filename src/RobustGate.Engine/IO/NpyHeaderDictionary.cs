using System.Globalization;

namespace RobustGate.Engine.IO;

/// <summary>
/// Parses the Python dict literal of a .npy header, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>. Only what numpy writes is
/// accepted: string keys; values that are strings, True/False, or tuples (or lists) of integers.
/// Errors are returned as messages so the caller can name the file.
/// </summary>
internal sealed class NpyHeaderDictionary
{
    private readonly string _text;
    private int _position;

    private NpyHeaderDictionary(string text)
    {
        _text = text;
    }

    public static Dictionary<string, object> Parse(string text)
    {
        var parser = new NpyHeaderDictionary(text);
        var result = parser.ParseDict();
        parser.SkipWhitespace();
        if (parser._position != text.Length)
        {
            throw new FormatException($"unexpected text after the header dictionary at character {parser._position}.");
        }

        return result;
    }

    private Dictionary<string, object> ParseDict()
    {
        Expect('{');
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        while (true)
        {
            SkipWhitespace();
            if (TryConsume('}'))
            {
                return result;
            }

            string key = ParseString();
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            object value = ParseValue();
            if (!result.TryAdd(key, value))
            {
                throw new FormatException($"key '{key}' appears twice.");
            }

            SkipWhitespace();
            if (!TryConsume(','))
            {
                SkipWhitespace();
                Expect('}');
                return result;
            }
        }
    }

    private object ParseValue()
    {
        char c = Peek();
        if (c is '\'' or '"')
        {
            return ParseString();
        }

        if (c is '(' or '[')
        {
            return ParseIntegerTuple(c == '(' ? ')' : ']');
        }

        if (Matches("True"))
        {
            return true;
        }

        if (Matches("False"))
        {
            return false;
        }

        throw new FormatException($"unsupported value starting with '{c}' at character {_position}.");
    }

    private int[] ParseIntegerTuple(char close)
    {
        _position++;
        var items = new List<int>();
        while (true)
        {
            SkipWhitespace();
            if (TryConsume(close))
            {
                return [.. items];
            }

            int start = _position;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }

            if (start == _position)
            {
                throw new FormatException($"expected a non-negative integer in the shape at character {start}.");
            }

            if (!int.TryParse(_text.AsSpan(start, _position - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
            {
                throw new FormatException($"shape dimension {_text[start.._position]} is larger than {int.MaxValue}.");
            }

            // Python 2 wrote long integers with an L suffix.
            TryConsume('L');
            items.Add(value);
            if (items.Count > 64)
            {
                throw new FormatException("shape has more than 64 dimensions.");
            }

            SkipWhitespace();
            if (!TryConsume(','))
            {
                SkipWhitespace();
                Expect(close);
                return [.. items];
            }
        }
    }

    private string ParseString()
    {
        char quote = Peek();
        if (quote is not ('\'' or '"'))
        {
            throw new FormatException($"expected a quoted string at character {_position}.");
        }

        int start = ++_position;
        while (_position < _text.Length && _text[_position] != quote)
        {
            if (_text[_position] == '\\')
            {
                throw new FormatException($"escape sequences are not supported in header strings (character {_position}).");
            }

            _position++;
        }

        if (_position >= _text.Length)
        {
            throw new FormatException("unterminated string.");
        }

        return _text[start.._position++];
    }

    private bool Matches(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0)
        {
            _position += word.Length;
            return true;
        }

        return false;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : throw new FormatException("header dictionary ends early.");

    private bool TryConsume(char c)
    {
        if (_position < _text.Length && _text[_position] == c)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryConsume(c))
        {
            throw new FormatException(_position < _text.Length
                ? $"expected '{c}' at character {_position}, found '{_text[_position]}'."
                : $"expected '{c}' but the header ends.");
        }
    }

    private void SkipWhitespace()
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }
}
