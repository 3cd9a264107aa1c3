namespace Ceptoar.Core.Pki;

/// <summary>The file names of one node's keys and certificates inside its certificate directory.</summary>
public sealed record NodeKeyFiles(string Directory)
{
    public string TlsCertificate => Path.Combine(Directory, "tls.crt.pem");
    public string TlsKey => Path.Combine(Directory, "tls.key.pem");
    public string SigningCertificate => Path.Combine(Directory, "signing.crt.pem");
    public string SigningKey => Path.Combine(Directory, "signing.key.pem");
    public string EncryptionCertificate => Path.Combine(Directory, "encryption.crt.pem");
    public string EncryptionKey => Path.Combine(Directory, "encryption.key.pem");
}
