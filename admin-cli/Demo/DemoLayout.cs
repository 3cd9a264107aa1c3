using System.Net;
using System.Net.Sockets;
using System.Text;
using Ceptoar.AdminCli.Localization;

namespace Ceptoar.AdminCli.Demo;

/// <summary>Where the demo finds the repository, the node program and the sample federation, and where each node keeps its data.</summary>
internal sealed record DemoLayout(string RepositoryRoot, string NodeDll, string Dotnet, string BaseDir, IReadOnlyList<DemoNode> Nodes)
{
    public const string NodeVariable = "CEPTOAR_NODE";
    public const string SolutionFile = "Federation.sln";
    public const string KeepBaseDir = ".demo";
    public const string PidFileName = "demo.pids";

    // sockaddr_un.sun_path holds 107 bytes plus the terminating NUL on Linux.
    private const int MaxSocketPathBytes = 107;

    public string CertsDir => Path.Combine(RepositoryRoot, "certs-sample");

    public string RootCertificate => Path.Combine(CertsDir, "root.crt.pem");

    public string PidFile => Path.Combine(BaseDir, PidFileName);

    public string DataDir(DemoNode node) => Path.Combine(BaseDir, node.Id);

    /// <summary>The node's console output; its structured log is under its data directory (logs/).</summary>
    public string ConsoleLog(DemoNode node) => Path.Combine(BaseDir, node.Id + ".console.log");

    public static string DefaultNodeDll(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "node", "Ceptoar.Node", "bin", "Release", "net10.0", "ceptoar-node.dll");

    /// <summary>The nearest folder at or above <paramref name="start"/> holding Federation.sln, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>--node, else $CEPTOAR_NODE, else the Release build output in the repository.</summary>
    public static string ResolveNodeDll(string? option, string? environment, string repositoryRoot)
    {
        var (path, source) = !string.IsNullOrWhiteSpace(option) ? (option, "--node")
            : !string.IsNullOrWhiteSpace(environment) ? (environment, $"${NodeVariable}")
            : (DefaultNodeDll(repositoryRoot), DemoText.ReleaseBuild);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return full;
        }

        throw new DemoException(
            ExitCodes.Usage,
            Localized.Format(DemoText.NodeDllMissing, full, source),
            Localized.Format(DemoText.BuildNodeFirst, repositoryRoot, SolutionFile, NodeVariable));
    }

    /// <summary>The dotnet host running this process when there is one (so the nodes run on the same runtime), else `dotnet` from PATH.</summary>
    public static string FindDotnet()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var candidate = string.IsNullOrEmpty(root) ? null : Path.Combine(root, "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }

    /// <summary>Refuses a base directory that already holds node data (members would clash) or whose socket paths are too long.</summary>
    public void CheckBaseDir()
    {
        foreach (var node in Nodes)
        {
            var dataDir = DataDir(node);
            if (Directory.Exists(dataDir) && Directory.EnumerateFileSystemEntries(dataDir).Any())
            {
                throw new DemoException(
                    ExitCodes.Usage,
                    Localized.Format(DemoText.BaseDirInUse, dataDir),
                    Localized.Format(DemoText.BaseDirCleanup, PidFile, BaseDir));
            }

            var socket = Path.Combine(dataDir, "admin.sock");
            if (Encoding.UTF8.GetByteCount(socket) > MaxSocketPathBytes)
            {
                throw new DemoException(
                    ExitCodes.Usage,
                    Localized.Format(DemoText.SocketPathTooLong, socket, MaxSocketPathBytes),
                    DemoText.ShorterBaseDir);
            }
        }
    }

    /// <summary>Finds the sample ports already taken (a sample node or an earlier demo still running), before any node is started.</summary>
    public static IReadOnlyList<string> BusyPorts(IReadOnlyList<DemoNode> nodes)
    {
        var busy = new List<string>();
        foreach (var node in nodes)
        {
            foreach (var (listen, what) in new[] { (node.MemberListen, DemoText.MemberApi), (node.FederationListen, DemoText.FederationApi) })
            {
                if (IPEndPoint.TryParse(listen, out var endpoint) && !IsFree(endpoint))
                {
                    busy.Add($"{listen} ({node.Id} {what})");
                }
            }
        }

        return busy;
    }

    private static bool IsFree(IPEndPoint endpoint)
    {
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

            // As Kestrel does on Linux, so a port left in TIME_WAIT by an earlier run does not count as taken.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
