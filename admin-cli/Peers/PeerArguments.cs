using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Ceptoar.AdminCli.Localization;
using Ceptoar.Core.Items;

namespace Ceptoar.AdminCli.Peers;

/// <summary>Local checks of node ids and peer endpoints, so a typo is reported before anything reaches the node.</summary>
internal static class PeerArguments
{
    public const string EndpointExample = "https://127.0.0.1:7304";

    public static string? NodeIdProblem(string? value) => Identifiers.IsValidNodeId(value)
        ? null
        : Localized.Format(PeersText.InvalidNodeId, value, Identifiers.NodeIdRule);

    /// <summary>
    /// Reads a peer's federation endpoint: an absolute https URI with a host and an explicit port, nothing else (no path,
    /// query, fragment or user name). Returns it as "https://host:port", or null with the problem a person can fix.
    /// </summary>
    public static string? NormalizeEndpoint(string? text, out string? problem)
    {
        problem = null;
        var trimmed = text?.Trim() ?? string.Empty;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || !trimmed.Contains("://", StringComparison.Ordinal))
        {
            problem = Localized.Format(PeersText.EndpointNotAbsolute, text, EndpointExample);
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            problem = Localized.Format(PeersText.EndpointNotHttps, text, uri.Scheme, EndpointExample);
            return null;
        }

        if (uri.Host.Length == 0)
        {
            problem = Localized.Format(PeersText.EndpointNoHost, text, EndpointExample);
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = Localized.Format(PeersText.EndpointUserInfo, text, uri.UserInfo);
            return null;
        }

        if (!HasExplicitPort(trimmed))
        {
            problem = Localized.Format(PeersText.EndpointNoPort, text, EndpointExample);
            return null;
        }

        if (uri.Port == 0)
        {
            problem = Localized.Format(PeersText.EndpointPortZero, text, EndpointExample);
            return null;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            problem = Localized.Format(PeersText.EndpointHasPath, text, uri.Host, uri.Port);
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"https://{uri.Host}:{uri.Port}");
    }

    public static Argument<string> NodeIdArgument(string description)
    {
        var argument = new Argument<string>("NODE-ID") { Description = description };
        argument.Validators.Add(result => AddProblem(result, NodeIdProblem(result.GetValueOrDefault<string>())));
        return argument;
    }

    public static Argument<string?> OptionalNodeIdArgument(string description)
    {
        var argument = new Argument<string?>("NODE-ID") { Description = description, Arity = ArgumentArity.ZeroOrOne };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            AddProblem(result, value is null ? null : NodeIdProblem(value));
        });
        return argument;
    }

    public static Option<string> EndpointOption()
    {
        var option = new Option<string>("--endpoint")
        {
            Description = Localized.Format(PeersText.EndpointDescription, EndpointExample),
            HelpName = "URI",
            Required = true,
        };
        option.Validators.Add(result =>
        {
            NormalizeEndpoint(result.GetValueOrDefault<string>(), out var problem);
            AddProblem(result, problem is null ? null : "--endpoint " + problem);
        });
        return option;
    }

    // Uri fills in 443 for "https://host", so whether a port was typed is read from the authority text itself.
    private static bool HasExplicitPort(string text)
    {
        var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var end = text.IndexOfAny(['/', '?', '#'], start);
        var authority = end < 0 ? text[start..] : text[start..end];
        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && colon < authority.Length - 1 && authority[(colon + 1)..].All(char.IsAsciiDigit);
    }

    private static void AddProblem(SymbolResult result, string? problem)
    {
        if (problem is not null)
        {
            result.AddError(problem);
        }
    }
}
