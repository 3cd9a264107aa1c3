using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Federation.V1;

namespace Ceptoar.AdminCli.Query;

/// <summary>An indicator value as typed for `query indicator`, with the type it was recognised as.</summary>
internal sealed record IndicatorValue(IndicatorType Type, string Value)
{
    /// <summary>The types `query indicator` recognises, as the error message lists them.</summary>
    public static string RecognisedTypes =>
        QueryText.RecognisedTypes;

    public string TypeName => NameOf(Type);

    public override string ToString() => $"{Value} ({TypeName})";

    public static string NameOf(IndicatorType type) => type switch
    {
        IndicatorType.Ipv4 => "IPv4",
        IndicatorType.Ipv6 => "IPv6",
        IndicatorType.Domain => QueryText.TypeDomain,
        IndicatorType.Url => "URL",
        IndicatorType.Email => QueryText.TypeEmail,
        IndicatorType.Md5 => "MD5",
        IndicatorType.Sha1 => "SHA-1",
        IndicatorType.Sha256 => "SHA-256",
        IndicatorType.Cve => QueryText.TypeCve,
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
            problem = Localized.Format(QueryText.IndicatorEmpty, IndicatorValue.RecognisedTypes);
            return null;
        }

        var (type, reason) = Classify(value);
        if (type is { } recognised)
        {
            // The node matches case-insensitively; CVE ids are upper-case by convention, so show them that way.
            return new IndicatorValue(recognised, recognised == IndicatorType.Cve ? value.ToUpperInvariant() : value);
        }

        problem = reason is null
            ? Localized.Format(QueryText.IndicatorNotRecognised, value, IndicatorValue.RecognisedTypes)
            : Localized.Format(QueryText.IndicatorInvalid, value, reason, IndicatorValue.RecognisedTypes);
        return null;
    }

    /// <summary>The type, or null with the reason when the value has the shape of one type but is not valid as it.</summary>
    private static (IndicatorType? Type, string? Reason) Classify(string value)
    {
        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return (null, QueryText.HasWhitespace);
        }

        if (value.Contains("://", StringComparison.Ordinal))
        {
            return UrlProblem(value) is { } urlProblem ? (null, Localized.Format(QueryText.LooksLikeUrl, urlProblem)) : (IndicatorType.Url, null);
        }

        if (CveId().IsMatch(value))
        {
            return (IndicatorType.Cve, null);
        }

        if (value.StartsWith("CVE-", StringComparison.OrdinalIgnoreCase))
        {
            return (null, QueryText.NotCve);
        }

        if (value.Contains('@'))
        {
            return EmailProblem(value) is { } emailProblem ? (null, Localized.Format(QueryText.LooksLikeEmail, emailProblem)) : (IndicatorType.Email, null);
        }

        if (value.All(char.IsAsciiHexDigit) && value.Length >= MinDigestGuessLength)
        {
            return value.Length switch
            {
                32 => (IndicatorType.Md5, null),
                40 => (IndicatorType.Sha1, null),
                64 => (IndicatorType.Sha256, null),
                _ => (null, Localized.Format(QueryText.HexLength, value.Length)),
            };
        }

        if (value.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IsStrictIpv4(value)
                ? (IndicatorType.Ipv4, null)
                : (null, QueryText.NotIpv4);
        }

        if (value.Contains(':'))
        {
            return IsIpv6(value)
                ? (IndicatorType.Ipv6, null)
                : (null, QueryText.NotIpv6);
        }

        if (value.Contains('.'))
        {
            return DomainProblem(value) is { } domainProblem ? (null, Localized.Format(QueryText.LooksLikeDomain, domainProblem)) : (IndicatorType.Domain, null);
        }

        return (null, null);
    }

    private static string? UrlProblem(string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "ftp")
            || !value.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase))
        {
            return QueryText.UrlNotAbsolute;
        }

        return uri.Host.Length == 0 ? QueryText.UrlNoHost : null;
    }

    private static string? EmailProblem(string value)
    {
        var at = value.IndexOf('@');
        if (at <= 0 || at == value.Length - 1 || value.IndexOf('@', at + 1) >= 0)
        {
            return QueryText.EmailShape;
        }

        return DomainProblem(value[(at + 1)..]) is { } problem ? Localized.Format(QueryText.EmailDomain, problem) : null;
    }

    /// <summary>Null for at least two LDH labels (an IDN is checked in its xn-- form), else what is wrong.</summary>
    private static string? DomainProblem(string value)
    {
        if (value.EndsWith('.'))
        {
            return QueryText.DomainTrailingDot;
        }

        string ascii;
        try
        {
            ascii = value.All(char.IsAscii) ? value : new IdnMapping { UseStd3AsciiRules = true }.GetAscii(value);
        }
        catch (ArgumentException)
        {
            return QueryText.DomainNotIdn;
        }

        var labels = ascii.Split('.');
        var wellFormed = ascii.Length <= MaxDomainLength
            && labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= MaxLabelLength
                && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && !l.StartsWith('-') && !l.EndsWith('-'))
            && !labels[^1].All(char.IsAsciiDigit);
        return wellFormed
            ? null
            : Localized.Format(QueryText.DomainLabels, MaxLabelLength);
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
