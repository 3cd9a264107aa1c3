using Ceptoar.Core.Pki;

namespace Ceptoar.Core.Tests.Pki;

/// <summary>The committed certs-sample/ must stay loadable: the demo federation and integration tests start from it.</summary>
public sealed class CertsSampleTests
{
    [Theory]
    [InlineData("nisc")]
    [InlineData("council")]
    [InlineData("bank-ceptoar")]
    [InlineData("electricity-ceptoar")]
    [InlineData("local-gov-ceptoar")]
    public void CommittedSample_Node_LoadsAgainstSampleRoot(string nodeId)
    {
        var sample = Path.Combine(RepositoryRoot(), "certs-sample");
        var trust = TrustBundle.Load([Path.Combine(sample, FederationCa.CertificateFileName)]);

        var credentials = NodeCredentials.Load(new NodeKeyFiles(Path.Combine(sample, nodeId)), nodeId, trust, DateTimeOffset.UtcNow);

        Assert.Equal(nodeId, credentials.NodeId);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Federation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Federation.sln above {AppContext.BaseDirectory}");
    }
}
