using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>An indicator value as typed for `query indicator`, with the type it was recognised as.</summary>
internal sealed record IndicatorValue(IndicatorType Type, string Value)
{
    /// <summary>The types `query indicator` recognises, as the error message lists them.</summary>
    public const string RecognisedTypes =
        "an IPv4 or IPv6 address, a domain, a URL, an e-mail address, an MD5, SHA-1 or SHA-256 hex digest, or a CVE id "
        + "(e.g. 203.0.113.77, 2001:db8::1, example.com, https://example.com/login, alerts@example.com, CVE-2014-0160)";

    public string TypeName => NameOf(Type);

    public override string ToString() => $"{Value} ({TypeName})";

    public static string NameOf(IndicatorType type) => type switch
    {
        IndicatorType.Ipv4 => "IPv4",
        IndicatorType.Ipv6 => "IPv6",
        IndicatorType.Domain => "domain",
        IndicatorType.Url => "URL",
        IndicatorType.Email => "e-mail",
        IndicatorType.Md5 => "MD5",
        IndicatorType.Sha1 => "SHA-1",
        IndicatorType.Sha256 => "SHA-256",
        IndicatorType.Cve => "CVE id",
        _ => type.ToString(),
    };
}

/// <summary>
/// Recognises the type of an indicator value from its shape, with the same syntax the node checks on submitted items
/// (Ceptoar.Core IndicatorSyntax, which is internal to Core): a value no item could hold is refused before asking anyone.
/// </summary>
internal static partial class IndicatorRecogniser
{
    private const int MaxDomainLength = 253;
    private const int MaxLabelLength = 63;
    private const int MinDigestGuessLength = 16;

    /// <summary>The value and its type, or null with a problem that names what was expected.</summary>
    public static IndicatorValue? Recognise(string? text, out string? problem)
    {
        problem = null;
        var value = text?.Trim() ?? string.Empty;
        if (value.Length == 0)
        {
            problem = $"the indicator value is empty: give {IndicatorValue.RecognisedTypes}.";
            return null;
        }

        var (type, reason) = Classify(value);
        if (type is { } recognised)
        {
            // The node matches case-insensitively; CVE ids are upper-case by convention, so show them that way.
            return new IndicatorValue(recognised, recognised == IndicatorType.Cve ? value.ToUpperInvariant() : value);
        }

        problem = reason is null
            ? $"'{value}' is not an indicator value this command recognises: give {IndicatorValue.RecognisedTypes}."
            : $"'{value}' {reason}. Recognised indicator values: {IndicatorValue.RecognisedTypes}.";
        return null;
    }

    /// <summary>The type, or null with the reason when the value has the shape of one type but is not valid as it.</summary>
    private static (IndicatorType? Type, string? Reason) Classify(string value)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return (null, "contains whitespace; an indicator is one value (percent-encode spaces in a URL)");
        }

        if (value.Contains("://", StringComparison.Ordinal))
        {
            return UrlProblem(value) is { } urlProblem ? (null, $"looks like a URL but {urlProblem}") : (IndicatorType.Url, null);
        }

        if (CveId().IsMatch(value))
        {
            return (IndicatorType.Cve, null);
        }

        if (value.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "looks like a CVE id but is not one: expected CVE-YYYY-NNNN with four or more digits at the end, e.g. CVE-2014-0160");
        }

        if (value.Contains('@'))
        {
            return EmailProblem(value) is { } emailProblem ? (null, $"looks like an e-mail address but {emailProblem}") : (IndicatorType.Email, null);
        }

        if (value.All(char.IsAsciiHexDigit) && value.Length >= MinDigestGuessLength)
        {
            return value.Length switch
            {
                32 => (IndicatorType.Md5, null),
                40 => (IndicatorType.Sha1, null),
                64 => (IndicatorType.Sha256, null),
                _ => (null, string.Create(
                    CultureInfo.InvariantCulture,
                    $"looks like a hex digest but has {value.Length} characters; MD5 has 32, SHA-1 40 and SHA-256 64")),
            };
        }

        if (value.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IsStrictIpv4(value)
                ? (IndicatorType.Ipv4, null)
                : (null, "looks like an IPv4 address but is not one: expected four decimal numbers 0-255 separated by dots, without leading zeros, e.g. 192.0.2.1");
        }

        if (value.Contains(':'))
        {
            return IsIpv6(value)
                ? (IndicatorType.Ipv6, null)
                : (null, "looks like an IPv6 address but is not one: expected the text form without brackets, zone or prefix length, e.g. 2001:db8::1");
        }

        if (value.Contains('.'))
        {
            return DomainProblem(value) is { } domainProblem ? (null, $"looks like a domain but {domainProblem}") : (IndicatorType.Domain, null);
        }

        return (null, null);
    }

    private static string? UrlProblem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp")
            || !value.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return "is not one: expected an absolute http, https or ftp URL, e.g. https://example.com/login";
        }

        return uri.Host.Length == 0 ? "has no host: e.g. https://example.com/login" : null;
    }

    private static string? EmailProblem(string value)
    {
        var at = value.IndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.IndexOf('@', at + 1) >= 0)
        {
            return "is not one: expected one '@' with a local part before it and a domain after it, e.g. alerts@example.com";
        }

        return DomainProblem(value[(at + 1)..]) is { } problem ? $"its domain {problem}" : null;
    }

    /// <summary>Null for at least two LDH labels (an IDN is checked in its xn-- form), else what is wrong.</summary>
    private static string? DomainProblem(string value)
    {
        if (value.EndsWith('.'))
        {
            return "ends with a dot: remove it";
        }

        string ascii;
        try
        {
            ascii = value.All(char.IsAscii) ? value : new IdnMapping { UseStd3AsciiRules = true }.GetAscii(value);
        }
        catch (ArgumentException)
        {
            return "is not a valid internationalised domain name: check the spelling or give its xn-- form";
        }

        var labels = ascii.Split('.');
        var wellFormed = ascii.Length <= MaxDomainLength
            && labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= MaxLabelLength
                && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !l.StartsWith('-') && !l.EndsWith('-'))
            && !labels[^1].All(char.IsAsciiDigit);
        return wellFormed
            ? null
            : $"is not one: expected labels of letters, digits and '-' (1 to {MaxLabelLength} each) separated by dots, ending in a top-level domain, e.g. example.com";
    }

    // IPAddress.TryParse accepts "1", "1.2" and octal or hex parts; indicators are dotted quads, as the node requires.
    private static bool IsStrictIpv4(string value)
    {
        var parts = value.Split('.');
        return parts.Length == 4 && parts.All(p =>
            p.Length is >= 1 and <= 3
            && p.All(char.IsAsciiDigit)
            && (p.Length == 1 || p[0] != '0')
            && int.Parse(p, CultureInfo.InvariantCulture) <= 255);
    }

    private static bool IsIpv6(string value) =>
        value.All(c => char.IsAsciiHexDigit(c) || c is ':' or '.')
        && IPAddress.TryParse(value, out var address)
        && address.AddressFamily == AddressFamily.InterNetworkV6
        && address.ScopeId == 0;

    [GeneratedRegex("^CVE-[0-9]{4}-[0-9]{4,}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CveId();
}
