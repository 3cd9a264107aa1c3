using System.Globalization;

namespace Ceptoar.Core.Pki;

/// <summary>One retired key of a node: its certificate and key files and when it was retired.</summary>
public sealed record RetiredKeyFile(NodeKeyKind Kind, string CertificatePath, string KeyPath, DateTimeOffset RetiredAt);

/// <summary>
/// Where a rotation keeps a node's old keys: &lt;certificates dir&gt;/retired/&lt;kind&gt;-&lt;UTC time&gt;.crt.pem and .key.pem,
/// the time in the name being the retirement (docs/LIFECYCLE.md §2). The node reads them at start: retired signing
/// certificates go into its descriptor so its older items keep verifying, retired encryption keys open items sealed to
/// them during the overlap.
/// </summary>
public static class RetiredKeyFiles
{
    public const string DirectoryName = "retired";
    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string DirectoryOf(NodeKeyFiles files) => Path.Combine(files.Directory, DirectoryName);

    public static string NameOf(NodeKeyKind kind) => kind switch
    {
        NodeKeyKind.Tls => "tls",
        NodeKeyKind.Signing => "signing",
        _ => "encryption",
    };

    /// <summary>The files a key of this kind retired at this time is kept in.</summary>
    public static RetiredKeyFile For(NodeKeyFiles files, NodeKeyKind kind, DateTimeOffset retiredAt)
    {
        var stem = Path.Combine(DirectoryOf(files), $"{NameOf(kind)}-{retiredAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture)}");
        return new RetiredKeyFile(kind, stem + ".crt.pem", stem + ".key.pem", retiredAt);
    }

    /// <summary>The retired keys of this kind, newest first; files whose names do not follow the pattern are ignored.</summary>
    public static IReadOnlyList<RetiredKeyFile> List(NodeKeyFiles files, NodeKeyKind kind)
    {
        var directory = DirectoryOf(files);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var prefix = NameOf(kind) + "-";
        var found = new List<RetiredKeyFile>();
        foreach (var path in Directory.EnumerateFiles(directory, prefix + "*.crt.pem"))
        {
            var stamp = Path.GetFileName(path)[prefix.Length..^".crt.pem".Length];
            if (DateTime.TryParseExact(stamp, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            {
                found.Add(For(files, kind, new DateTimeOffset(time, TimeSpan.Zero)));
            }
        }

        return [.. found.OrderByDescending(f => f.RetiredAt)];
    }

    /// <summary>
    /// A rotation on the node's files: moves the current key of this kind to retired/ under the time now (whole seconds)
    /// and has the root issue a new one for the same node, role and host names; on failure the current key is put back,
    /// so the node is never left without one. The caller checks the current certificate against the root first.
    /// </summary>
    public static RetiredKeyFile Rotate(FederationCa root, NodeKeyFiles files, NodeKeyKind kind, string nodeId, Federation.V1.NodeRole? role, IEnumerable<string>? hostNames, TimeSpan validity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(files);
        var (certificatePath, keyPath) = PathsOf(files, kind);
        var retired = For(files, kind, RetirementTime(now));
        if (File.Exists(retired.CertificatePath) || File.Exists(retired.KeyPath))
        {
            throw new InvalidOperationException($"{retired.CertificatePath} already exists: a key of this kind was retired this second; wait a second and rotate again");
        }

        OwnerOnlyFiles.EnsureDirectory(DirectoryOf(files));
        File.Move(certificatePath, retired.CertificatePath);
        File.Move(keyPath, retired.KeyPath);
        try
        {
            root.IssueKey(kind, nodeId, files, validity, role, hostNames);
        }
        catch
        {
            File.Move(retired.CertificatePath, certificatePath, overwrite: true);
            File.Move(retired.KeyPath, keyPath, overwrite: true);
            throw;
        }

        return retired;
    }

    /// <summary>
    /// The retirement time a rotation at now records: rounded up to the whole second its file name holds, never down, or
    /// an item the old key signed earlier in that second would count as signed after the retirement and be refused.
    /// </summary>
    public static DateTimeOffset RetirementTime(DateTimeOffset now)
    {
        var remainder = now.UtcTicks % TimeSpan.TicksPerSecond;
        return new DateTimeOffset(now.UtcTicks - remainder + (remainder == 0 ? 0 : TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>The certificate and key file of the current key of this kind.</summary>
    public static (string Certificate, string Key) PathsOf(NodeKeyFiles files, NodeKeyKind kind)
    {
        ArgumentNullException.ThrowIfNull(files);
        return kind switch
        {
            NodeKeyKind.Tls => (files.TlsCertificate, files.TlsKey),
            NodeKeyKind.Signing => (files.SigningCertificate, files.SigningKey),
            _ => (files.EncryptionCertificate, files.EncryptionKey),
        };
    }
}
