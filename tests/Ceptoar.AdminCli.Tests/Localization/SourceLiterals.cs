using System.Text;

namespace Ceptoar.AdminCli.Tests.Localization;

/// <summary>One string literal of a C# source: where it starts, its text with each interpolation hole as '\0', and the code just before it.</summary>
internal sealed record SourceLiteral(int Line, string Text, string Before);

/// <summary>
/// A small C# lexer that finds the string literals of a source file outside comments: regular, verbatim, interpolated (with
/// literals nested in their holes) and raw. Enough for the admin CLI's sources; not a general C# parser.
/// </summary>
internal sealed class SourceLiterals
{
    private readonly string _source;
    private readonly List<SourceLiteral> _found = [];
    private int _position;

    private SourceLiterals(string source) => _source = source;

    public static IReadOnlyList<SourceLiteral> Read(string source)
    {
        var lexer = new SourceLiterals(source);
        lexer.Code(stopAtBrace: false);
        return lexer._found;
    }

    private char At(int offset = 0) => _position + offset < _source.Length ? _source[_position + offset] : '\0';

    private void Code(bool stopAtBrace)
    {
        var depth = 0;
        while (_position < _source.Length)
        {
            var c = At();
            if (c == '/' && At(1) == '/')
            {
                var end = _source.IndexOf('\n', _position);
                _position = end < 0 ? _source.Length : end;
            }
            else if (c == '/' && At(1) == '*')
            {
                _position = _source.IndexOf("*/", _position + 2, StringComparison.Ordinal) + 2;
            }
            else if (c == '\'')
            {
                _position++;
                while (At() != '\'')
                {
                    _position += At() == '\\' ? 2 : 1;
                }

                _position++;
            }
            else if (StringStartsHere())
            {
                StringLiteral();
            }
            else if (stopAtBrace && c is '(' or '[' or '{')
            {
                depth++;
                _position++;
            }
            else if (stopAtBrace && c is ')' or ']')
            {
                depth--;
                _position++;
            }
            else if (stopAtBrace && c == '}')
            {
                if (depth == 0)
                {
                    return;
                }

                depth--;
                _position++;
            }
            else
            {
                _position++;
            }
        }
    }

    private bool StringStartsHere()
    {
        var i = _position;
        while (i < _source.Length && _source[i] is '$' or '@')
        {
            i++;
        }

        // An identifier character before '@' or '$' would make it part of something else (never in this code base).
        return i < _source.Length && _source[i] == '"';
    }

    private void StringLiteral()
    {
        var start = _position;
        var dollars = 0;
        var verbatim = false;
        while (At() is '$' or '@')
        {
            if (At() == '$')
            {
                dollars++;
            }
            else
            {
                verbatim = true;
            }

            _position++;
        }

        var text = new StringBuilder();
        var quotes = 0;
        while (At(quotes) == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            RawBody(text, quotes, Math.Max(dollars, 1), dollars > 0);
        }
        else
        {
            QuotedBody(text, verbatim, dollars > 0);
        }

        var line = 1 + _source.AsSpan(0, start).Count('\n');
        var before = _source[Math.Max(0, start - 80)..start];
        _found.Add(new SourceLiteral(line, text.ToString(), before));
    }

    private void QuotedBody(StringBuilder text, bool verbatim, bool interpolated)
    {
        _position++;
        while (_position < _source.Length)
        {
            var c = At();
            if (verbatim && c == '"' && At(1) == '"')
            {
                text.Append('"');
                _position += 2;
            }
            else if (c == '"')
            {
                _position++;
                return;
            }
            else if (!verbatim && c == '\\')
            {
                text.Append(At(1) == 'n' ? '\n' : At(1));
                _position += 2;
            }
            else if (interpolated && c is '{' or '}' && At(1) == c)
            {
                text.Append(c);
                _position += 2;
            }
            else if (interpolated && c == '{')
            {
                Hole(text, 1);
            }
            else
            {
                text.Append(c);
                _position++;
            }
        }
    }

    private void RawBody(StringBuilder text, int quotes, int braces, bool interpolated)
    {
        var delimiter = new string('"', quotes);
        _position += quotes;
        while (_position < _source.Length && string.CompareOrdinal(_source, _position, delimiter, 0, quotes) != 0)
        {
            if (interpolated && string.CompareOrdinal(_source, _position, new string('{', braces), 0, braces) == 0 && At(braces) != '{')
            {
                Hole(text, braces);
            }
            else
            {
                text.Append(At());
                _position++;
            }
        }

        _position += quotes;
    }

    // The expression inside {…} is code: literals in it are found in their own right; the hole itself reads as '\0'.
    private void Hole(StringBuilder text, int braces)
    {
        text.Append('\0');
        _position += braces;
        Code(stopAtBrace: true);
        _position += braces;
    }
}
