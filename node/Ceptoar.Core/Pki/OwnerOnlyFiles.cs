namespace Ceptoar.Core.Pki;

/// <summary>
/// Writes key material readable by the owner only (files 0600 in directories 0700). Each file is written to a new
/// temporary file created with those permissions and then renamed, so a key is never visible with wider permissions
/// and a crash never leaves half a key behind.
/// </summary>
internal static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory (0700) if it does not exist; an existing directory keeps its permissions.</summary>
    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }
    }

    /// <summary>Writes a secret (a private key) owner-only, replacing any existing file.</summary>
    public static void WriteSecret(string path, string contents) => Write(path, contents, OwnerReadWrite);

    /// <summary>Writes public material (a certificate) readable by all, replacing any existing file.</summary>
    public static void WritePublic(string path, string contents) =>
        Write(path, contents, OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

    private static void Write(string path, string contents, UnixFileMode mode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        EnsureDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
