using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.Core.Pki;

/// <summary>Reads and formats the PEM files of the PKI, turning every failure into a message that names the file.</summary>
internal static class PemFiles
{
    public const string CertificateLabel = "CERTIFICATE";
    public const string PrivateKeyLabel = "PRIVATE KEY";
    private const string EncryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY";

    public static string CertificatePem(byte[] der) => PemEncoding.WriteString(CertificateLabel, der) + "\n";

    public static string PrivateKeyPem(byte[] pkcs8) => PemEncoding.WriteString(PrivateKeyLabel, pkcs8) + "\n";

    public static string ReadText(string path, string whatToDo)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} does not exist; {whatToDo}");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{path} cannot be read ({e.Message}); check its permissions and that this user owns it", e);
        }
    }

    /// <summary>The first certificate in a PEM file.</summary>
    public static X509Certificate2 ReadCertificate(string path, string whatToDo)
    {
        var text = ReadText(path, whatToDo);
        try
        {
            return X509Certificate2.CreateFromPem(text);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{path} does not hold a PEM certificate ({e.Message}); {whatToDo}", e);
        }
    }

    /// <summary>The DER of the unencrypted PKCS#8 private key ("-----BEGIN PRIVATE KEY-----") in a PEM file.</summary>
    public static byte[] ReadPrivateKey(string path, string whatToDo)
    {
        var text = ReadText(path, whatToDo);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new InvalidOperationException($"{path} does not hold a PEM private key; {whatToDo}");
        }

        var label = text[fields.Label];
        if (label == EncryptedPrivateKeyLabel)
        {
            throw new InvalidOperationException($"{path} holds a passphrase-encrypted key, which this version cannot load; store it decrypted (owner-only) or {whatToDo}");
        }

        if (label != PrivateKeyLabel)
        {
            throw new InvalidOperationException($"{path} holds a '{label}' block where a PKCS#8 '{PrivateKeyLabel}' was expected; {whatToDo}");
        }

        return Convert.FromBase64String(text[fields.Base64Data]);
    }
}
