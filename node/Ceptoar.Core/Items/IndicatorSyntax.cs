using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Items;

/// <summary>
/// Per-type syntax of indicator values. Each check returns null when valid, else a phrase completing "The value ..." that
/// says what is wrong and what to send instead (ItemsText.resx, both languages). The phrases never repeat the value: violations may reach a log, and an
/// indicator of a RED item must not.
/// </summary>
internal static partial class IndicatorSyntax
{
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;
    private const int MaxEmailLength = 254;
    private const int MaxEmailLocalLength = 64;
    private const string EmailAtext = "!#$%&'*+-/=?^_`{|}~";

    public static LocalText? Problem(IndicatorType type, string value) => type switch
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
            : new LocalText(nameof(ItemsText.CveInvalid)),
        IndicatorType.FreeText => string.IsNullOrWhiteSpace(value) ? new LocalText(nameof(ItemsText.FreeTextEmpty)) : null,
        _ => new LocalText(nameof(ItemsText.NoIndicatorType)),
    };

    // IPAddress.TryParse accepts "1", "1.2" and octal or hex parts; an indicator must be the dotted quad people match on.
    public static LocalText? Ipv4Problem(string value) => IsStrictIpv4(value)
        ? null
        : new LocalText(nameof(ItemsText.Ipv4Invalid));

    public static LocalText? Ipv6Problem(string value)
    {
        var ok = value.Contains(':')
            && value.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
            && IPAddress.TryParse(value, out var address)
            && address.AddressFamily == AddressFamily.InterNetworkV6
            && address.ScopeId == 0;
        return ok ? null : new LocalText(nameof(ItemsText.Ipv6Invalid));
    }

    public static LocalText? DomainProblem(string value) => DomainNameProblem(value) is { } problem ? new LocalText(nameof(ItemsText.DomainInvalid), problem) : null;

    public static LocalText? UrlProblem(string value)
    {
        var expected = new LocalText(nameof(ItemsText.UrlExpected));
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return new LocalText(nameof(ItemsText.UrlWhitespace), expected);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp")
            || !value.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalText(nameof(ItemsText.UrlInvalid), expected);
        }

        var host = RawHost(value, uri.Scheme);
        if (host.Length == 0)
        {
            return new LocalText(nameof(ItemsText.UrlNoHost), expected);
        }

        if (host.StartsWith('['))
        {
            return uri.HostNameType == UriHostNameType.IPv6 ? null : new LocalText(nameof(ItemsText.UrlBracketedHost));
        }

        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IsStrictIpv4(host) ? null : new LocalText(nameof(ItemsText.UrlNumericHost));
        }

        return DomainNameProblem(host) is { } problem ? new LocalText(nameof(ItemsText.UrlHostNotDomain), problem) : null;
    }

    public static LocalText? EmailProblem(string value)
    {
        var expected = new LocalText(nameof(ItemsText.EmailExpected));
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return new LocalText(nameof(ItemsText.EmailInvalid), expected);
        }

        if (value.Length > MaxEmailLength)
        {
            return new LocalText(nameof(ItemsText.EmailTooLong), MaxEmailLength);
        }

        var local = value[..at];
        if (local.Length > MaxEmailLocalLength || !IsDotAtom(local))
        {
            return new LocalText(nameof(ItemsText.EmailLocalPart), MaxEmailLocalLength, EmailAtext, expected);
        }

        return DomainNameProblem(value[(at + 1)..]) is { } problem ? new LocalText(nameof(ItemsText.EmailDomain), problem) : null;
    }

    public static LocalText? HexProblem(string value, int length, string algorithm)
    {
        if (value.Length != length)
        {
            return new LocalText(nameof(ItemsText.HexLength), algorithm, length, value.Length);
        }

        var bad = value.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF");
        return bad < 0 ? null : new LocalText(nameof(ItemsText.HexCharacter), algorithm, bad);
    }

    /// <summary>Null for a domain name of at least two LDH labels (IDN allowed, checked in its xn-- form), else the reason.</summary>
    internal static LocalText? DomainNameProblem(string value)
    {
        if (value.EndsWith('.'))
        {
            return new LocalText(nameof(ItemsText.DomainTrailingDot));
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
                return new LocalText(nameof(ItemsText.DomainIdnInvalid));
            }
        }

        if (ascii.Length > MaxDomainLength)
        {
            return new LocalText(nameof(ItemsText.DomainTooLong), ascii.Length, MaxDomainLength);
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2)
        {
            return new LocalText(nameof(ItemsText.DomainTooFewLabels));
        }

        foreach (var label in labels)
        {
            if (label.Length is 0 or > MaxLabelLength)
            {
                return new LocalText(nameof(ItemsText.DomainLabelLength), MaxLabelLength);
            }

            if (!label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') || label.StartsWith('-') || label.EndsWith('-'))
            {
                return new LocalText(nameof(ItemsText.DomainLabelCharacters));
            }
        }

        return labels[^1].All(char.IsAsciiDigit) ? new LocalText(nameof(ItemsText.DomainNumericTld)) : null;
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
