using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ceptoar.Core.Pki;

/// <summary>Reads and formats the PEM files of the PKI, turning every failure into a message that names the file.</summary>
internal static class PemFiles
{
    public const string CertificateLabel = "CERTIFICATE";
    public const string PrivateKeyLabel = "PRIVATE KEY";
    public const string EncryptedPrivateKeyLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>
    /// How a passphrase protects a private key: PBES2 with PBKDF2-HMAC-SHA256 at 600,000 iterations (OWASP's figure for
    /// PBKDF2-SHA256) and AES-256-CBC, which OpenSSL and .NET read. Deriving the key takes a fraction of a second here,
    /// paid once per use of the root, and as much per guess by anyone who copied the file.
    /// </summary>
    public static readonly PbeParameters KeyEncryption = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000);

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
        var (der, encrypted) = ReadPrivateKeyBlock(path, whatToDo);
        return encrypted
            ? throw new InvalidOperationException($"{path} holds a passphrase-encrypted key, which this version cannot load; store it decrypted (owner-only) or {whatToDo}")
            : der;
    }

    /// <summary>The DER of the PKCS#8 private key in a PEM file, plain or passphrase-encrypted ("ENCRYPTED PRIVATE KEY").</summary>
    public static (byte[] Der, bool Encrypted) ReadPrivateKeyBlock(string path, string whatToDo)
    {
        var text = ReadText(path, whatToDo);
        if (!PemEncoding.TryFind(text, out var fields))
        {
            throw new InvalidOperationException($"{path} does not hold a PEM private key; {whatToDo}");
        }

        var label = text[fields.Label];
        if (label != PrivateKeyLabel && label != EncryptedPrivateKeyLabel)
        {
            throw new InvalidOperationException($"{path} holds a '{label}' block where a PKCS#8 '{PrivateKeyLabel}' was expected; {whatToDo}");
        }

        return (Convert.FromBase64String(text[fields.Base64Data]), label == EncryptedPrivateKeyLabel);
    }
}
