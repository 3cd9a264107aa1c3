using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Items;

/// <summary>
/// Per-type syntax of indicator values. Each check returns null when valid, else a phrase completing "The value ..." that
/// says what is wrong and what to send instead. The phrases never repeat the value: violations may reach a log, and an
/// indicator of a RED item must not.
/// </summary>
internal static partial class IndicatorSyntax
{
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;
    private const int MaxEmailLength = 254;
    private const int MaxEmailLocalLength = 64;
    private const string EmailAtext = "!#$%&'*+-/=?^_`{|}~";

    public static string? Problem(IndicatorType type, string value) => type switch
    {
        IndicatorType.Ipv4 => Ipv4Problem(value),
        IndicatorType.Ipv6 => Ipv6Problem(value),
        IndicatorType.Domain => DomainProblem(value),
        IndicatorType.Url => UrlProblem(value),
        IndicatorType.Email => EmailProblem(value),
        IndicatorType.Md5 => HexProblem(value, 32, "MD5"),
        IndicatorType.Sha1 => HexProblem(value, 40, "SHA-1"),
        IndicatorType.Sha256 => HexProblem(value, 64, "SHA-256"),
        IndicatorType.Cve => CveId().IsMatch(value)
            ? null
            : "is not a CVE id: expected CVE-YYYY-NNNN with upper-case CVE and four or more digits at the end, e.g. CVE-2014-0160",
        IndicatorType.FreeText => string.IsNullOrWhiteSpace(value) ? "is empty: write the indicator as text" : null,
        _ => "has no type to check it against: set a defined indicator type",
    };

    // IPAddress.TryParse accepts "1", "1.2" and octal or hex parts; an indicator must be the dotted quad people match on.
    public static string? Ipv4Problem(string value) => IsStrictIpv4(value)
        ? null
        : "is not an IPv4 address: expected four decimal numbers 0-255 separated by dots, without leading zeros, e.g. 192.0.2.1";

    public static string? Ipv6Problem(string value)
    {
        var ok = value.Contains(':')
            && value.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            && IPAddress.TryParse(value, out var address)
            && address.AddressFamily == AddressFamily.InterNetworkV6
            && address.ScopeId == 0;
        return ok ? null : "is not an IPv6 address: expected the text form without brackets, zone or prefix length, e.g. 2001:db8::1";
    }

    public static string? DomainProblem(string value) => DomainNameProblem(value) is { } problem ? $"is not a domain name: {problem}" : null;

    public static string? UrlProblem(string value)
    {
        const string Expected = "expected an absolute http, https or ftp URL with a host, e.g. https://example.com/path";
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return $"is not a URL: it contains whitespace; percent-encode it ({Expected})";
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp")
            || !value.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return $"is not a URL: {Expected}";
        }

        var host = RawHost(value, uri.Scheme);
        if (host.Length == 0)
        {
            return $"is not a URL: it has no host; {Expected}";
        }

        if (host.StartsWith('['))
        {
            return uri.HostNameType == UriHostNameType.IPv6 ? null : "is not a URL: the bracketed host is not an IPv6 address";
        }

        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IsStrictIpv4(host) ? null : "is not a URL: its numeric host is not a dotted-quad IPv4 address such as 192.0.2.1";
        }

        return DomainNameProblem(host) is { } problem ? $"is not a URL: its host is not a domain name: {problem}" : null;
    }

    public static string? EmailProblem(string value)
    {
        const string Expected = "expected local-part@domain, e.g. alerts@example.com";
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return $"is not an email address: {Expected}";
        }

        if (value.Length > MaxEmailLength)
        {
            return $"is not an email address: it is longer than {MaxEmailLength} characters";
        }

        var local = value[..at];
        if (local.Length > MaxEmailLocalLength || !IsDotAtom(local))
        {
            return $"is not an email address: the part before '@' must be 1 to {MaxEmailLocalLength} letters, digits or {EmailAtext}, with single dots between them ({Expected})";
        }

        return DomainNameProblem(value[(at + 1)..]) is { } problem ? $"is not an email address: in the domain, {problem}" : null;
    }

    public static string? HexProblem(string value, int length, string algorithm)
    {
        if (value.Length != length)
        {
            return $"is not a hex {algorithm} digest: expected {length} hex characters, got {value.Length}";
        }

        var bad = value.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF");
        return bad < 0 ? null : $"is not a hex {algorithm} digest: the character at position {bad} is not a hex digit (0-9, a-f)";
    }

    /// <summary>Null for a domain name of at least two LDH labels (IDN allowed, checked in its xn-- form), else the reason.</summary>
    internal static string? DomainNameProblem(string value)
    {
        if (value.EndsWith('.'))
        {
            return "remove the trailing dot";
        }

        string ascii;
        if (value.All(char.IsAscii))
        {
            ascii = value;
        }
        else
        {
            try
            {
                // A fresh mapping per call: IdnMapping instances are not documented as thread-safe.
                ascii = new IdnMapping { AllowUnassigned = false, UseStd3AsciiRules = true }.GetAscii(value);
            }
            catch (ArgumentException)
            {
                return "it is not a valid internationalised domain name; check the spelling or send its xn-- form";
            }
        }

        if (ascii.Length > MaxDomainLength)
        {
            return $"it is {ascii.Length} characters long (in ASCII form); at most {MaxDomainLength} are allowed";
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2)
        {
            return "expected at least two labels separated by dots, e.g. example.com";
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength)
            {
                return $"each label between dots must be 1 to {MaxLabelLength} characters";
            }

            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || label.StartsWith('-') || label.EndsWith('-'))
            {
                return "each label may hold only letters, digits and '-', and may not start or end with '-'";
            }
        }

        return labels[^1].All(char.IsAsciiDigit) ? "the last label (top-level domain) may not be all digits" : null;
    }

    internal static bool IsStrictIpv4(string value)
    {
        var parts = value.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            var ok = part.Length is >= 1 and <= 3
                && part.All(char.IsAsciiDigit)
                && (part.Length == 1 || part[0] != '0')
                && int.Parse(part, CultureInfo.InvariantCulture) <= 255;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    // The host exactly as written: Uri normalises "http://1/" to 0.0.0.1, which would hide a host that is no dotted quad.
    private static string RawHost(string value, string scheme)
    {
        var authority = value[(scheme.Length + 3)..];
        var end = authority.IndexOfAny(['/', '?', '#']);
        if (end >= 0)
        {
            authority = authority[..end];
        }

        authority = authority[(authority.LastIndexOf('@') + 1)..];
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            return close < 0 ? authority : authority[..(close + 1)];
        }

        var colon = authority.IndexOf(':');
        return colon < 0 ? authority : authority[..colon];
    }

    private static bool IsDotAtom(string local)
    {
        if (local.StartsWith('.') || local.EndsWith('.') || local.Contains(".."))
        {
            return false;
        }

        // RFC 5322 atext, plus non-ASCII letters and digits for internationalised addresses (RFC 6531).
        return local.All(c => c == '.' || char.IsAsciiLetterOrDigit(c) || EmailAtext.Contains(c) || (c > 0x7F && char.IsLetterOrDigit(c)));
    }

    [GeneratedRegex("^CVE-[0-9]{4}-[0-9]{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex CveId();
}
