using System.Text;

namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>
/// A small, strict reader for the YAML subset that GitHub Actions files use: block mappings and
/// sequences, plain and quoted scalars, literal (|) and folded (>) block scalars, flow sequences
/// and mappings on one line, comments. Mappings come back as <see cref="Dictionary{TKey,TValue}"/>
/// (string keys), sequences as <see cref="List{T}"/>, scalars as strings (no type guessing: "on"
/// stays "on", 1 stays "1"), empty values as null. Anything outside the subset (anchors, tags,
/// multi-line flow or quoted scalars, tabs, bad indentation) is an error naming the line: a
/// validator that silently misreads a workflow would be worse than none.
/// </summary>
internal sealed class YamlReader
{
    private readonly string _file;
    private readonly List<string> _lines;
    private int _index;

    private YamlReader(string text, string file)
    {
        _file = file;
        _lines = [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')];
    }

    public static object? ParseFile(string path) => Parse(File.ReadAllText(path), path);

    public static object? Parse(string text, string file)
    {
        var reader = new YamlReader(text, file);
        reader.SkipInsignificant();
        if (reader._index >= reader._lines.Count)
        {
            return null;
        }

        var indent = reader.Indent(reader._index);
        if (indent != 0)
        {
            throw reader.Error(reader._index, "the document must start at column 1");
        }

        var root = reader.ParseNode(0);
        reader.SkipInsignificant();
        if (reader._index < reader._lines.Count)
        {
            throw reader.Error(reader._index, "unexpected content after the document (bad indentation?)");
        }

        return root;
    }

    private object? ParseNode(int indent)
    {
        var content = Content(_index);
        return IsSequenceItem(content) ? ParseSequence(indent) : ParseMapping(indent);
    }

    private static bool IsSequenceItem(string content) => content == "-" || content.StartsWith("- ", StringComparison.Ordinal);

    private List<object?> ParseSequence(int indent)
    {
        var items = new List<object?>();
        while (true)
        {
            SkipInsignificant();
            if (_index >= _lines.Count || Indent(_index) != indent || !IsSequenceItem(Content(_index)))
            {
                if (_index < _lines.Count && Indent(_index) > indent)
                {
                    throw Error(_index, "unexpected indentation inside a sequence");
                }

                return items;
            }

            var content = Content(_index);
            var rest = content.Length > 1 ? content[2..].TrimStart() : string.Empty;
            if (rest.Length == 0)
            {
                _index++;
                SkipInsignificant();
                items.Add(_index < _lines.Count && Indent(_index) > indent ? ParseNode(Indent(_index)) : null);
            }
            else if (FindMappingColon(rest) >= 0)
            {
                // "- key: value" opens a mapping whose keys sit at the column of "key".
                var column = indent + (content.Length - rest.Length);
                _lines[_index] = new string(' ', column) + StripComment(rest);
                items.Add(ParseMapping(column));
            }
            else
            {
                items.Add(ParseInlineValue(rest, _index));
                _index++;
            }
        }
    }

    private Dictionary<string, object?> ParseMapping(int indent)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (true)
        {
            SkipInsignificant();
            if (_index >= _lines.Count || Indent(_index) < indent)
            {
                return map;
            }

            var line = _index;
            if (Indent(line) > indent)
            {
                throw Error(line, "unexpected indentation");
            }

            var content = Content(line);
            if (IsSequenceItem(content))
            {
                return map; // a sequence at the parent's indent belongs to the parent's key
            }

            var colon = FindMappingColon(content);
            if (colon < 0)
            {
                throw Error(line, "expected 'key: value'");
            }

            var key = Unquote(content[..colon].Trim(), line);
            if (!map.TryAdd(key, null))
            {
                throw Error(line, $"duplicate key '{key}'");
            }

            var value = content[(colon + 1)..].Trim();
            _index++;
            if (value.Length == 0)
            {
                SkipInsignificant();
                if (_index < _lines.Count && Indent(_index) > indent)
                {
                    map[key] = ParseNode(Indent(_index));
                }
                else if (_index < _lines.Count && Indent(_index) == indent && IsSequenceItem(Content(_index)))
                {
                    map[key] = ParseSequence(indent);
                }
            }
            else if (value[0] is '|' or '>')
            {
                map[key] = ParseBlockScalar(value, indent, line);
            }
            else
            {
                map[key] = ParseInlineValue(value, line);
                SkipInsignificant();
                if (_index < _lines.Count && Indent(_index) > indent)
                {
                    throw Error(_index, $"unexpected indentation after the value of '{key}' (multi-line scalars are not supported)");
                }
            }
        }
    }

    private string ParseBlockScalar(string header, int parentIndent, int line)
    {
        var folded = header[0] == '>';
        var chomp = header.Length > 1 ? header[1] : ' ';
        if (header.Length > 2 || chomp is not (' ' or '-' or '+'))
        {
            throw Error(line, $"unsupported block scalar header '{header}'");
        }

        var raw = new List<string>();
        var blockIndent = -1;
        while (_index < _lines.Count)
        {
            var text = _lines[_index];
            if (text.Trim().Length == 0)
            {
                raw.Add(string.Empty);
                _index++;
                continue;
            }

            var indent = text.Length - text.TrimStart(' ').Length;
            if (indent <= parentIndent)
            {
                break;
            }

            if (blockIndent < 0)
            {
                blockIndent = indent;
            }
            else if (indent < blockIndent)
            {
                throw Error(_index, "block scalar line is less indented than its first line");
            }

            raw.Add(text[blockIndent..]);
            _index++;
        }

        // Trailing blank lines belong to the chomping rule, and the lines after them to the parent.
        var trailing = 0;
        while (raw.Count > 0 && raw[^1].Length == 0)
        {
            raw.RemoveAt(raw.Count - 1);
            trailing++;
        }

        _index -= trailing;
        string body;
        if (folded)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < raw.Count; i++)
            {
                if (i > 0)
                {
                    builder.Append(raw[i].Length == 0 || raw[i - 1].Length == 0 ? "\n" : " ");
                }

                builder.Append(raw[i]);
            }

            body = builder.ToString();
        }
        else
        {
            body = string.Join("\n", raw);
        }

        return chomp switch
        {
            '-' => body,
            '+' => body + new string('\n', trailing + 1),
            _ => body.Length == 0 ? body : body + "\n",
        };
    }

    private object? ParseInlineValue(string text, int line)
    {
        text = StripComment(text).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        switch (text[0])
        {
            case '[':
                if (text[^1] != ']')
                {
                    throw Error(line, "a flow sequence must close on its line");
                }

                return SplitFlow(text[1..^1], line).Select(item => ParseInlineValue(item, line)).ToList();
            case '{':
                if (text[^1] != '}')
                {
                    throw Error(line, "a flow mapping must close on its line");
                }

                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var entry in SplitFlow(text[1..^1], line))
                {
                    var colon = FindMappingColon(entry);
                    if (colon < 0 || !map.TryAdd(Unquote(entry[..colon].Trim(), line), ParseInlineValue(entry[(colon + 1)..], line)))
                    {
                        throw Error(line, $"bad flow mapping entry '{entry}'");
                    }
                }

                return map;
            case '&' or '*' or '!' or '%' or '@' or '`':
                throw Error(line, $"unsupported YAML construct '{text}'");
            default:
                return Unquote(text, line);
        }
    }

    private List<string> SplitFlow(string body, int line)
    {
        var items = new List<string>();
        var depth = 0;
        char quote = '\0';
        var start = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                items.Add(body[start..i].Trim());
                start = i + 1;
            }
        }

        if (quote != '\0' || depth != 0)
        {
            throw Error(line, "unbalanced quotes or brackets in a flow collection");
        }

        var last = body[start..].Trim();
        if (last.Length > 0 || items.Count > 0)
        {
            items.Add(last);
        }

        return items.Any(i => i.Length == 0) ? throw Error(line, "empty item in a flow collection") : items;
    }

    private string Unquote(string text, int line)
    {
        if (text.Length == 0 || text[0] is not ('"' or '\''))
        {
            return text;
        }

        var quote = text[0];
        if (text.Length < 2 || text[^1] != quote)
        {
            throw Error(line, $"unterminated quoted scalar {text}");
        }

        var inner = text[1..^1];
        if (quote == '\'')
        {
            return inner.Replace("''", "'", StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '\\')
            {
                builder.Append(inner[i]);
                continue;
            }

            if (++i >= inner.Length)
            {
                throw Error(line, "dangling escape in a double-quoted scalar");
            }

            builder.Append(inner[i] switch
            {
                'n' => '\n',
                't' => '\t',
                '"' => '"',
                '\\' => '\\',
                '/' => '/',
                _ => throw Error(line, $"unsupported escape \\{inner[i]}"),
            });
        }

        return builder.ToString();
    }

    /// <summary>Index of the colon that separates key and value (followed by a space or the end), outside quotes; -1 if none.</summary>
    private static int FindMappingColon(string content)
    {
        char quote = '\0';
        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (i == 0 && c is '"' or '\'')
            {
                quote = c;
            }
            else if (c is '[' or '{' && i == 0)
            {
                return -1; // a flow collection, not a key
            }
            else if (c == '#' && (i == 0 || content[i - 1] == ' '))
            {
                return -1;
            }
            else if (c == ':' && (i + 1 == content.Length || content[i + 1] == ' '))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Drops a trailing comment: '#' at the start or after a space, outside a quoted scalar.</summary>
    private static string StripComment(string text)
    {
        char quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            // A quote opens a scalar only where a scalar can start, so "config's" stays plain.
            if (c is '"' or '\'' && (i == 0 || text[..i].TrimEnd() is var before && (before.Length == 0 || before[^1] is ':' or '-' or '[' or '{' or ',')))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || text[i - 1] is ' ' or '\t'))
            {
                return text[..i].TrimEnd();
            }
        }

        return text;
    }

    private void SkipInsignificant()
    {
        while (_index < _lines.Count)
        {
            var trimmed = _lines[_index].Trim();
            if (trimmed.Length != 0 && !trimmed.StartsWith('#'))
            {
                return;
            }

            _index++;
        }
    }

    private int Indent(int line)
    {
        var text = _lines[line];
        var spaces = text.Length - text.TrimStart(' ').Length;
        return spaces < text.Length && text[spaces] == '\t' ? throw Error(line, "tabs are not allowed for indentation") : spaces;
    }

    private string Content(int line) => StripComment(_lines[line].Trim());

    private InvalidDataException Error(int line, string message) => new($"{_file}:{line + 1}: {message}");
}
