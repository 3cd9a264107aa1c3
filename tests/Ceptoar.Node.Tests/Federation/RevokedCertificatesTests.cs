using Ceptoar.Node.Federation.Directory;
using Ceptoar.Node.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ceptoar.Node.Tests.Federation;

/// <summary>The live revocation list: what a reloaded configuration changes, and what it must not.</summary>
public sealed class RevokedCertificatesTests
{
    private static readonly string A = new('a', 64);
    private static readonly string B = new('b', 64);

    [Fact]
    public void Update_ThumbprintAdded_RevokedAtOnceAndAnnouncedAlone()
    {
        var revoked = new RevokedCertificates([A]);
        var announced = new List<IReadOnlySet<string>>();
        revoked.Added += announced.Add;

        revoked.Update(Options(A, B.ToUpperInvariant()), NullLogger.Instance);

        Assert.True(revoked.Contains(A));
        Assert.True(revoked.Contains(B));
        Assert.Equal(new[] { B }, Assert.Single(announced));
    }

    [Fact]
    public void Update_ThumbprintRemoved_NoLongerRevokedAndNothingAnnounced()
    {
        var revoked = new RevokedCertificates([A, B]);
        var announced = 0;
        revoked.Added += _ => announced++;

        revoked.Update(Options(A), NullLogger.Instance);

        Assert.True(revoked.Contains(A));
        Assert.False(revoked.Contains(B));
        Assert.Equal(0, announced);
    }

    [Fact]
    public void Update_ListWithAMalformedEntry_PreviousListStays()
    {
        var revoked = new RevokedCertificates([A]);
        var announced = 0;
        revoked.Added += _ => announced++;

        revoked.Update(Options(B, "not-a-thumbprint"), NullLogger.Instance);

        Assert.True(revoked.Contains(A));
        Assert.False(revoked.Contains(B));
        Assert.Equal(0, announced);
    }

    private static FederationOptions Options(params string[] thumbprints) => new() { RevokedCertificates = [.. thumbprints] };
}
