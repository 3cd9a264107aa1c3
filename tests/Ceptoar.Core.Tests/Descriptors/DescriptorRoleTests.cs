using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.Core.Pki;
using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Descriptors;

/// <summary>A node's role is what its certificates certify (SAN urn:ceptoar:role:&lt;role&gt;), never what its descriptor asserts.</summary>
public sealed class DescriptorRoleTests : IDisposable
{
    private readonly DescriptorFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Theory]
    [InlineData(NodeRole.Council)]
    [InlineData(NodeRole.Nisc)]
    [InlineData(NodeRole.Secretariat)]
    [InlineData(NodeRole.Ministry)]
    [InlineData(NodeRole.Agency)]
    public void Verify_ClaimsTheCertifiedRole_Valid(NodeRole role)
    {
        var node = _fixture.Issue(DescriptorFixture.Council, role: role);

        var check = _fixture.Verify(_fixture.Signed(node, d => d.Role = role));

        Assert.True(check.Valid, check.Problem);
        Assert.Equal(role, check.Descriptor!.Role);
    }

    [Fact]
    public void Verify_SecretariatCertifiedClaimsCouncil_RefusedNamingBothRoles()
    {
        var node = _fixture.Issue(DescriptorFixture.Bank, role: NodeRole.Secretariat);

        var check = _fixture.Verify(_fixture.Signed(node, d => d.Role = NodeRole.Council));

        Assert.False(check.Valid);
        Assert.Contains("claims the role 'council'", check.Problem);
        Assert.Contains("certifies the role 'secretariat'", check.Problem);
        Assert.Null(check.Descriptor);
    }

    [Fact]
    public void Verify_CouncilCertifiedClaimsNisc_Refused()
    {
        var node = _fixture.Issue(DescriptorFixture.Council, role: NodeRole.Council);

        var check = _fixture.Verify(_fixture.Signed(node, d => d.Role = NodeRole.Nisc));

        Assert.False(check.Valid);
        Assert.Contains("certifies the role 'council', not 'nisc'", check.Problem);
    }

    [Theory]
    [InlineData(NodeRole.Council)]
    [InlineData(NodeRole.Nisc)]
    [InlineData(NodeRole.Ministry)]
    [InlineData(NodeRole.Agency)]
    public void Verify_NoRoleCertifiedClaimsAnAuthority_RefusedAskingForReissue(NodeRole role)
    {
        var node = _fixture.Issue(DescriptorFixture.Council, role: null);

        var check = _fixture.Verify(_fixture.Signed(node, d => d.Role = role));

        Assert.False(check.Valid);
        Assert.Contains("certifies no role", check.Problem);
        Assert.Contains("--role", check.Problem);
    }

    [Fact]
    public void Verify_NoRoleCertifiedClaimsSecretariat_ValidAsBeforeRolesWereCertified()
    {
        var node = _fixture.Issue(DescriptorFixture.Bank, role: null);

        var check = _fixture.Verify(_fixture.Signed(node, d => d.Role = NodeRole.Secretariat));

        Assert.True(check.Valid, check.Problem);
    }

    [Fact]
    public void Verify_SigningCertifiesCouncilButTlsCertificateCertifiesNoRole_RefusedNamingTheTlsCertificate()
    {
        var hub = _fixture.Issue(DescriptorFixture.Council, role: NodeRole.Council);
        var plain = _fixture.Issue(DescriptorFixture.Council, role: null);
        var descriptor = _fixture.Completed(hub);
        descriptor.Role = NodeRole.Council;
        descriptor.TlsCertificatePem = PemFiles.CertificatePem(plain.TlsCertificate.RawData);

        var check = _fixture.Verify(DescriptorFixture.SignRaw(hub, descriptor));

        Assert.False(check.Valid);
        Assert.Contains("the TLS certificate certifies no role", check.Problem);
    }

    [Fact]
    public void CertifiedBy_TwoRoleUris_ProblemNamingBoth()
    {
        using var certificate = SelfSigned("urn:ceptoar:node:council", "urn:ceptoar:role:council", "urn:ceptoar:role:nisc");

        var (role, problem) = NodeRoles.CertifiedBy(certificate);

        Assert.Null(role);
        Assert.Contains("several roles", problem);
        Assert.Contains("'nisc'", problem);
    }

    [Fact]
    public void CertifiedBy_UnknownRoleUri_Problem()
    {
        using var certificate = SelfSigned("urn:ceptoar:node:council", "urn:ceptoar:role:hub");

        var (role, problem) = NodeRoles.CertifiedBy(certificate);

        Assert.Null(role);
        Assert.Contains("unknown role 'hub'", problem);
    }

    [Fact]
    public void Mismatch_TwoRoleUris_RefusedForEveryClaim()
    {
        using var certificate = SelfSigned("urn:ceptoar:node:council", "urn:ceptoar:role:council", "urn:ceptoar:role:secretariat");

        Assert.NotNull(NodeRoles.Mismatch(NodeRole.Council, certificate, "signing"));
        Assert.NotNull(NodeRoles.Mismatch(NodeRole.Secretariat, certificate, "signing"));
    }

    /// <summary>A certificate made with .NET's own builder (not the code under test), carrying exactly these SAN URIs.</summary>
    private static X509Certificate2 SelfSigned(params string[] uris)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var uri in uris)
        {
            san.AddUri(new Uri(uri));
        }

        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
    }
}
