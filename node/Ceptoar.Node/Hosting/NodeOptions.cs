namespace Ceptoar.Node.Hosting;

/// <summary>The node's identity and where it listens and keeps its data (configuration section "Node").</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>This node's id, e.g. "bank-ceptoar"; must match the SAN URI of its certificates.</summary>
    public string Id { get; set; } = "";

    /// <summary>secretariat, council, nisc, ministry or agency.</summary>
    public string Role { get; set; } = "secretariat";

    public string NameJa { get; set; } = "";

    public string NameEn { get; set; } = "";

    /// <summary>Sector codes this node serves (from the roster). A ministry's are the roster's for <see cref="Ministry"/>.</summary>
    public List<string> Sectors { get; set; } = [];

    /// <summary>
    /// A ministry node's id in the roster's sector→ministry map (fsa, mic, mhlw, meti, mlit in 2014): the node serves the
    /// sectors the roster gives that ministry, so audiences naming "the ministry of these sectors" reach it (docs/MODES.md §1).
    /// </summary>
    public string Ministry { get; set; } = "";

    /// <summary>Directory for the database, logs, admin socket and ready file. Created owner-only if missing.</summary>
    public string DataDir { get; set; } = "";

    /// <summary>Member API listen address "host:port" (TLS). Port 0 picks a free port (see the ready file).</summary>
    public string MemberListen { get; set; } = "127.0.0.1:7443";

    /// <summary>Federation listen address "host:port" (mutual TLS); empty disables it.</summary>
    public string FederationListen { get; set; } = "";

    /// <summary>
    /// Monitoring listen address "host:port" (plain HTTP/1.1, loopback only: GET /healthz and /readyz); empty (the default)
    /// disables it (docs/OPERATIONS.md §3).
    /// </summary>
    public string MonitoringListen { get; set; } = "";

    /// <summary>
    /// Web console listen address "host:port" (TLS with the member listener's certificate, HTTP/1.1 and HTTP/2); empty (the
    /// default) disables it (docs/CONSOLE.md §1).
    /// </summary>
    public string WebListen { get; set; } = "";

    /// <summary>Admin API Unix socket; default &lt;DataDir&gt;/admin.sock.</summary>
    public string AdminSocket { get; set; } = "";

    /// <summary>Directory holding tls/signing/encryption .crt.pem and .key.pem of this node.</summary>
    public string CertificatesDir { get; set; } = "";

    /// <summary>PEM files of the federation roots this node trusts (each may hold several certificates).</summary>
    public List<string> TrustedRoots { get; set; } = [];

    /// <summary>Peers seeded into the peers table at first start (admins manage them with `ceptoar-admin peers`).</summary>
    public List<PeerOption> Peers { get; set; } = [];

    /// <summary>How people reach the secretariat (e-mail, phone, fax…), signed into the node's descriptor (docs/PROTOCOL.md §8).</summary>
    public List<ContactMeanOption> ContactMeans { get; set; } = [];

    /// <summary>The emergency contact point (緊急窓口) with its hours, signed into the descriptor; none when the section is absent.</summary>
    public EmergencyContactOption? EmergencyContact { get; set; }

    /// <summary>
    /// The zone the node's people read times in (IANA id; default Asia/Tokyo): notifications, and ceptoar-admin on this
    /// host unless its --time-zone says otherwise (it reads it from the ready file). Times are stored and sent in UTC.
    /// </summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    public const string DefaultTimeZone = "Asia/Tokyo";

    /// <summary>The zone of <see cref="TimeZone"/>; Asia/Tokyo without the system's zone data (a minimal container) is the same fixed +09:00, as Japan has no daylight saving.</summary>
    internal TimeZoneInfo Zone => ZoneOf(TimeZone) ?? throw new InvalidOperationException($"Node:TimeZone '{TimeZone}' is not a time zone (checked at start)");

    internal static TimeZoneInfo? ZoneOf(string id)
    {
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            return zone;
        }

        return id == DefaultTimeZone ? TimeZoneInfo.CreateCustomTimeZone(DefaultTimeZone, TimeSpan.FromHours(9), "Japan Standard Time", "JST") : null;
    }

    /// <summary>Roster and threat-type vocabulary files; empty = the embedded 2014 set.</summary>
    public string RosterFile { get; set; } = "";

    public string ThreatTypesFile { get; set; } = "";

    /// <summary>Makes every path absolute (against the working directory), so the node never depends on where it was started from later.</summary>
    internal void MakePathsAbsolute()
    {
        static string Full(string path) => string.IsNullOrEmpty(path) ? path : Path.GetFullPath(path);
        DataDir = Full(DataDir);
        AdminSocket = Full(AdminSocket);
        CertificatesDir = Full(CertificatesDir);
        RosterFile = Full(RosterFile);
        ThreatTypesFile = Full(ThreatTypesFile);
        TrustedRoots = [.. TrustedRoots.Select(Full)];
    }

    internal string AdminSocketPath => string.IsNullOrEmpty(AdminSocket) ? Path.Combine(DataDir, "admin.sock") : AdminSocket;

    internal string DatabasePath => Path.Combine(DataDir, "node.db");

    internal string ReadyFilePath => Path.Combine(DataDir, "node.ready.json");
}

/// <summary>Request limits (configuration section "Limits").</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest request message accepted, in bytes (default 1 MiB); larger ones get ResourceExhausted.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest STIX or MISP document one Export answer carries (default 32 MiB; ceptoar-admin accepts 64 MiB): more items
    /// need more calls (docs/INTERCHANGE.md §5).
    /// </summary>
    public int MaxExportBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Requests per second each member may make (token bucket refill).</summary>
    public int MemberRequestsPerSecond { get; set; } = 200;

    /// <summary>Requests a member may make in a burst above the steady rate.</summary>
    public int MemberBurst { get; set; } = 400;

    /// <summary>Lifetime of an item whose draft sets no expiry, in days.</summary>
    public int DefaultItemLifetimeDays { get; set; } = 90;

    /// <summary>Longest lifetime a draft may ask for, in days.</summary>
    public int MaxItemLifetimeDays { get; set; } = 3650;
}
