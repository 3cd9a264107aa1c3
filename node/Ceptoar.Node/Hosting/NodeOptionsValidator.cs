using System.Net;
using Ceptoar.Core.Pki;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Hosting;

/// <summary>Checks the "Node" settings at start; every message names the setting and says how to fix it.</summary>
internal sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Id))
        {
            errors.Add(Setting("Node:Id", "is missing", "set the node id, e.g. --Node:Id=bank-ceptoar"));
        }
        else if (!NodeUri.IsValidNodeId(options.Id))
        {
            errors.Add(Setting("Node:Id", $"'{options.Id}' is not a valid node id", "use 2 to 63 characters of a-z, 0-9 and '-', starting with a letter"));
        }

        if (!NodeRoles.Names.Contains(options.Role))
        {
            errors.Add(Setting("Node:Role", $"'{options.Role}' is not a role", "use one of " + string.Join(", ", NodeRoles.Names)));
        }

        if (options.Ministry.Length > 0 && options.Role != "ministry")
        {
            errors.Add(Setting("Node:Ministry", $"is set, but Node:Role is '{options.Role}'", "only a ministry node names its ministry: remove Node:Ministry or set Node:Role=ministry"));
        }

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            errors.Add(Setting("Node:DataDir", "is missing", "set the directory for the database and logs, e.g. --Node:DataDir=/var/lib/ceptoar"));
        }

        if (NodeOptions.ZoneOf(options.TimeZone) is null)
        {
            errors.Add(Setting("Node:TimeZone", $"'{options.TimeZone}' is not a time zone", $"use an IANA time zone id such as {NodeOptions.DefaultTimeZone} (the default)"));
        }

        CheckListen(errors, "Node:MemberListen", options.MemberListen, required: true);
        CheckListen(errors, "Node:FederationListen", options.FederationListen, required: false);
        CheckListen(errors, "Node:MonitoringListen", options.MonitoringListen, required: false);
        CheckListen(errors, "Node:WebListen", options.WebListen, required: false);
        if (ParseListen(options.MonitoringListen) is { } monitoring && !IPAddress.IsLoopback(monitoring.Address))
        {
            // Health answers name the node's weak points (disk, certificates, peers): they stay on this host (docs/OPERATIONS.md §3).
            errors.Add(Setting(
                "Node:MonitoringListen", $"'{options.MonitoringListen}' is not a loopback address", "use 127.0.0.1:PORT or [::1]:PORT (e.g. 127.0.0.1:9464), or leave it empty to disable the monitoring listener"));
        }

        if (string.IsNullOrWhiteSpace(options.CertificatesDir))
        {
            errors.Add(Setting("Node:CertificatesDir", "is missing", "point it at the directory made by `ceptoar-admin pki issue-node` for this node"));
        }
        else if (!Directory.Exists(options.CertificatesDir))
        {
            errors.Add(Setting("Node:CertificatesDir", $"'{options.CertificatesDir}' does not exist", "issue the node's certificates with `ceptoar-admin pki issue-node` or fix the path"));
        }

        if (options.TrustedRoots.Count == 0)
        {
            errors.Add(Setting("Node:TrustedRoots", "is empty", "list at least one federation root certificate, e.g. --Node:TrustedRoots:0=certs/root.crt.pem"));
        }

        for (var i = 0; i < options.TrustedRoots.Count; i++)
        {
            if (!File.Exists(options.TrustedRoots[i]))
            {
                errors.Add(Setting($"Node:TrustedRoots:{i}", $"file '{options.TrustedRoots[i]}' does not exist", "fix the path to the root certificate PEM"));
            }
        }

        for (var i = 0; i < options.Peers.Count; i++)
        {
            var peer = options.Peers[i];
            if (!NodeUri.IsValidNodeId(peer.Id) || peer.Id == options.Id)
            {
                errors.Add(Setting($"Node:Peers:{i}:Id", $"'{peer.Id}' is not another node's id", "use the peer's node id, e.g. council"));
            }

            if (!Uri.TryCreate(peer.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.AbsolutePath != "/")
            {
                errors.Add(Setting($"Node:Peers:{i}:Endpoint", $"'{peer.Endpoint}' is not a federation address", "use https://host:port of the peer's Node:FederationListen"));
            }
        }

        foreach (var (key, path) in new[] { ("Node:RosterFile", options.RosterFile), ("Node:ThreatTypesFile", options.ThreatTypesFile) })
        {
            if (!string.IsNullOrEmpty(path) && !File.Exists(path))
            {
                errors.Add(Setting(key, $"file '{path}' does not exist", "fix the path or leave it empty for the built-in vocabulary"));
            }
        }

        ContactOptionsValidator.Check(errors, options);

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Parses "host:port" (IPv6 as "[::1]:port"); null when malformed.</summary>
    internal static IPEndPoint? ParseListen(string value) =>
        IPEndPoint.TryParse(value, out var endpoint) && value.Contains(':') ? endpoint : null;

    private static void CheckListen(List<string> errors, string key, string value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(Setting(key, "is missing", "set an address like 127.0.0.1:7443"));
            }

            return;
        }

        if (ParseListen(value) is null)
        {
            errors.Add(Setting(key, $"'{value}' is not an address", "use host:port with an IP address, e.g. 127.0.0.1:7443 or [::1]:7443 (port 0 picks a free port)"));
        }
    }

    private static string Setting(string key, string problem, string fix) => SettingProblem.Describe(key, problem, fix);
}
