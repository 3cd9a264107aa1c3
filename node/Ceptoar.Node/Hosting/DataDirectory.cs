namespace Ceptoar.Node.Hosting;

/// <summary>The node's data directory: created owner-only, and locked so two node processes never share one store.</summary>
internal static class DataDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public static void Prepare(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            Directory.CreateDirectory(dataDir, OwnerOnly);
        }

        Directory.CreateDirectory(Path.Combine(dataDir, "logs"), OwnerOnly);
    }

    /// <summary>Holds an exclusive lock on &lt;DataDir&gt;/node.lock for the life of the process.</summary>
    public static DataDirectoryLock Lock(string dataDir)
    {
        var path = Path.Combine(dataDir, "node.lock");
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return new DataDirectoryLock(stream);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Node:DataDir '{dataDir}' is in use by another node process ({e.Message}): stop it first, or give this node its own data directory.", e);
        }
    }
}

/// <summary>The held data-directory lock; released when the host is disposed.</summary>
internal sealed class DataDirectoryLock(FileStream stream) : IDisposable
{
    public void Dispose() => stream.Dispose();
}
