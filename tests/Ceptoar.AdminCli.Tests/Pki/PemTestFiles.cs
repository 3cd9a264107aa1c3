using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.AdminCli.Tests.Pki;

/// <summary>Loads what the code under test wrote, the way an independent reader would.</summary>
internal static class PemTestFiles
{
    public static X509Certificate2 Certificate(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    // Permission tests need Unix modes; on Windows key files are protected by the ACL of the data directory instead.
    public static UnixFileMode Mode(string path) =>
        OperatingSystem.IsWindows() ? throw new PlatformNotSupportedException("Unix file modes") : File.GetUnixFileMode(path);

    public static void SetMode(string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Unix file modes");
        }

        File.SetUnixFileMode(path, mode);
    }
}
