using System.Text;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Interchange.Stix;

/// <summary>
/// Reads the one shape of STIX pattern an item's indicator can hold (docs/INTERCHANGE.md §1.6): a single observation
/// expression with a single equality comparison, [object-path = 'string'], the shape the export writes. Anything else
/// (AND, OR, FOLLOWEDBY, qualifiers, other operators, several observations) is refused, never guessed.
/// </summary>
internal static class StixPatterns
{
    /// <summary>The indicator the pattern compares with, or a refusal saying why it cannot be one.</summary>
    public static (IndicatorType Type, string Value) Read(string pattern)
    {
        var text = pattern.AsSpan().Trim();
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
        {
            throw Shape();
        }

        var inner = text[1..^1].Trim();
        var equals = inner.IndexOf('=');
        var quote = inner.IndexOf('\'');
        // The path ends at the first '=' outside quotes; a hash path quotes its key (file:hashes.'SHA-256').
        var pathEnd = PathEnd(inner);
        if (pathEnd <= 0 || equals < 0 || quote < 0)
        {
            throw Shape();
        }

        var path = inner[..pathEnd].Trim().ToString();
        var rest = inner[pathEnd..].TrimStart();
        if (rest.Length < 2 || rest[0] != '=' || rest[1] == '=')
        {
            throw Shape();
        }

        rest = rest[1..].TrimStart();
        if (rest.Length == 0 || rest[0] != '\'')
        {
            throw Shape();
        }

        var value = new StringBuilder(rest.Length);
        var i = 1;
        var closed = false;
        for (; i < rest.Length; i++)
        {
            var c = rest[i];
            if (c == '\\' && i + 1 < rest.Length && rest[i + 1] is '\\' or '\'')
            {
                value.Append(rest[i + 1]);
                i++;
            }
            else if (c == '\\')
            {
                throw Shape();
            }
            else if (c == '\'')
            {
                closed = true;
                i++;
                break;
            }
            else
            {
                value.Append(c);
            }
        }

        // After the closing quote only spaces may follow: "AND", "OR", "] OR [", qualifiers make a compound pattern.
        if (!closed || !rest[i..].IsWhiteSpace())
        {
            throw Shape();
        }

        var type = StixVocabulary.TypeOfPath(path)
            ?? throw new StixRefusalException("bad_pattern", StixText.Format(nameof(InterchangeText.PatternPath), path));
        return (type, value.ToString());
    }

    private static int PathEnd(ReadOnlySpan<char> inner)
    {
        var quoted = false;
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c == '\'')
            {
                quoted = !quoted;
            }
            else if (!quoted && (c == '=' || char.IsWhiteSpace(c) || c is '!' or '<' or '>'))
            {
                return i;
            }
        }

        return -1;
    }

    private static StixRefusalException Shape() => new("bad_pattern", StixText.Format(nameof(InterchangeText.PatternShape)));
}
