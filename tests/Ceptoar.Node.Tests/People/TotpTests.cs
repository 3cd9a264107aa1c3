using System.Text;
using Ceptoar.Node.People;

namespace Ceptoar.Node.Tests.People;

/// <summary>The TOTP of the web console's second factor against RFC 6238's test vectors (Appendix B, SHA-1).</summary>
public sealed class TotpTests
{
    // RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890"; 8-digit codes at these times.
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void TestTotp_RfcVectors_EightDigitsAsPublished(long unixSeconds, string expected) =>
        Assert.Equal(expected, TestTotp.Code(RfcKey, unixSeconds / 30, 8));

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void MatchStep_RfcVectorsSixDigits_MatchTheirStep(long unixSeconds, string code)
    {
        var secret = TestTotp.ToBase32(RfcKey);

        var step = PersonCredentials.MatchStep(secret, code, DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

        Assert.Equal(unixSeconds / 30, step);
    }

    [Fact]
    public void MatchStep_CodeOfTheStepBeforeOrAfter_Accepted_TwoStepsAway_Refused()
    {
        var secret = TestTotp.ToBase32(RfcKey);
        var at = DateTimeOffset.FromUnixTimeSeconds(1234567890);

        Assert.Equal(1234567890 / 30 - 1, PersonCredentials.MatchStep(secret, TestTotp.Code(secret, at.AddSeconds(-30)), at));
        Assert.Equal(1234567890 / 30 + 1, PersonCredentials.MatchStep(secret, TestTotp.Code(secret, at.AddSeconds(30)), at));
        Assert.Null(PersonCredentials.MatchStep(secret, TestTotp.Code(secret, at.AddSeconds(-60)), at));
        Assert.Null(PersonCredentials.MatchStep(secret, TestTotp.Code(secret, at.AddSeconds(90)), at));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    [InlineData("１２３４５６")]
    public void MatchStep_NotSixAsciiDigits_Null(string code) =>
        Assert.Null(PersonCredentials.MatchStep(TestTotp.ToBase32(RfcKey), code, DateTimeOffset.FromUnixTimeSeconds(59)));

    [Fact]
    public void OtpAuthUri_NodeAndLogin_KeyUriFormatWithIssuer()
    {
        var uri = PersonCredentials.OtpAuthUri("bank-ceptoar", "tanaka@bank.example.jp", "JBSWY3DPEHPK3PXP");

        Assert.Equal(
            "otpauth://totp/CEPTOAR%20bank-ceptoar:tanaka%40bank.example.jp?secret=JBSWY3DPEHPK3PXP&issuer=CEPTOAR%20bank-ceptoar&algorithm=SHA1&digits=6&period=30",
            uri);
    }
}
