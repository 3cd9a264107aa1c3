namespace Ceptoar.Node.Hosting;

/// <summary>
/// The node's data directory: created owner-only, and locked so two node processes never share one store. Every file
/// the node puts there is owner-only too (0600): the database, the socket, the logs, the lock and the ready file.
/// </summary>
internal static class DataDirectory
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

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
            var stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
                UnixCreateMode = OwnerReadWrite,
            });
            try
            {
                // A lock file an older version created keeps its mode unless narrowed here.
                File.SetUnixFileMode(path, OwnerReadWrite);
            }
            catch
            {
                stream.Dispose();
                throw;
            }

            return new DataDirectoryLock(stream);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Node:DataDir '{dataDir}' is in use by another node process ({e.Message}): stop it first, or give this node its own data directory.", e);
        }
    }

    /// <summary>Replaces a file with the text, owner-only: written to a new temporary file created 0600, then renamed over it.</summary>
    public static void WriteOwnerOnly(string path, string text)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerReadWrite }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The held data-directory lock; released when the host is disposed.</summary>
internal sealed class DataDirectoryLock(FileStream stream) : IDisposable
{
    public void Dispose() => stream.Dispose();
}
