using Ceptoar.Federation.V1;

namespace Ceptoar.Core.Tests.Items;

public sealed class ItemValidatorIndicatorTests
{
    public static TheoryData<IndicatorType, string> ValidIndicators => new()
    {
        { IndicatorType.Ipv4, "192.0.2.1" },
        { IndicatorType.Ipv4, "0.0.0.0" },
        { IndicatorType.Ipv4, "255.255.255.255" },
        { IndicatorType.Ipv4, "10.0.10.100" },
        { IndicatorType.Ipv6, "2001:db8::1" },
        { IndicatorType.Ipv6, "::1" },
        { IndicatorType.Ipv6, "::" },
        { IndicatorType.Ipv6, "fe80::1" },
        { IndicatorType.Ipv6, "2001:0db8:0000:0000:0000:ff00:0042:8329" },
        { IndicatorType.Ipv6, "2001:DB8::A" },
        { IndicatorType.Ipv6, "::ffff:192.0.2.1" },
        { IndicatorType.Ipv6, "64:ff9b::192.0.2.33" },
        { IndicatorType.Domain, "example.com" },
        { IndicatorType.Domain, "Mail.Example.CO.JP" },
        { IndicatorType.Domain, "a-b.c-d.example" },
        { IndicatorType.Domain, "xn--wgv71a119e.jp" },
        { IndicatorType.Domain, "日本語.jp" },
        { IndicatorType.Domain, "例え.テスト" },
        { IndicatorType.Domain, "123.example.com" },
        { IndicatorType.Domain, new string('a', 63) + ".com" },
        { IndicatorType.Domain, string.Join(".", Enumerable.Repeat(new string('a', 62), 4)) },
        { IndicatorType.Url, "http://example.com" },
        { IndicatorType.Url, "https://example.com/path/to?q=1&r=%20#frag" },
        { IndicatorType.Url, "ftp://files.example.org/pub/x.zip" },
        { IndicatorType.Url, "https://user:pass@example.com:8443/login" },
        { IndicatorType.Url, "http://192.0.2.1:8080/c2" },
        { IndicatorType.Url, "http://[2001:db8::1]/x" },
        { IndicatorType.Url, "https://日本語.jp/ページ" },
        { IndicatorType.Url, "HTTPS://EXAMPLE.COM/" },
        { IndicatorType.Email, "alerts@example.com" },
        { IndicatorType.Email, "first.last+tag@mail.example.co.jp" },
        { IndicatorType.Email, "o'brien@example.ie" },
        { IndicatorType.Email, "用户@例え.jp" },
        { IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e" },
        { IndicatorType.Md5, "D41D8CD98F00B204E9800998ECF8427E" },
        { IndicatorType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
        { IndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
        { IndicatorType.Cve, "CVE-2014-0160" },
        { IndicatorType.Cve, "CVE-2021-44228" },
        { IndicatorType.Cve, "CVE-2024-1234567" },
        { IndicatorType.FreeText, "Mutex name Global\\abc, seen with \"quotes\" and spaces" },
        { IndicatorType.FreeText, "複数行の\n説明" },
    };

    public static TheoryData<IndicatorType, string> InvalidIndicators => new()
    {
        { IndicatorType.Ipv4, "1" },
        { IndicatorType.Ipv4, "1.2" },
        { IndicatorType.Ipv4, "1.2.3" },
        { IndicatorType.Ipv4, "1.2.3.4.5" },
        { IndicatorType.Ipv4, "256.1.1.1" },
        { IndicatorType.Ipv4, "192.168.001.1" },
        { IndicatorType.Ipv4, "0x7f.0.0.1" },
        { IndicatorType.Ipv4, "198.51.100.7 " },
        { IndicatorType.Ipv4, "198.51.100." },
        { IndicatorType.Ipv4, "192.0.2.1/24" },
        { IndicatorType.Ipv4, "١٩٢.0.2.1" },
        { IndicatorType.Ipv4, "2001:db8::1" },
        { IndicatorType.Ipv6, "192.0.2.1" },
        { IndicatorType.Ipv6, "2001:db8::1%eth0" },
        { IndicatorType.Ipv6, "fe80::1%3" },
        { IndicatorType.Ipv6, "[2001:db8::1]" },
        { IndicatorType.Ipv6, "2001:db8::1/64" },
        { IndicatorType.Ipv6, "2001:db8:::1" },
        { IndicatorType.Ipv6, "2001:db8::g" },
        { IndicatorType.Ipv6, "1:2:3:4:5:6:7:8:9" },
        { IndicatorType.Ipv6, "example.com" },
        { IndicatorType.Domain, "localhost" },
        { IndicatorType.Domain, "example.com." },
        { IndicatorType.Domain, ".example.com" },
        { IndicatorType.Domain, "a..example.com" },
        { IndicatorType.Domain, "-bad.example.com" },
        { IndicatorType.Domain, "bad-.example.com" },
        { IndicatorType.Domain, "under_score.example.com" },
        { IndicatorType.Domain, "sp ace.example.com" },
        { IndicatorType.Domain, "192.0.2.1" },
        { IndicatorType.Domain, "example.123" },
        { IndicatorType.Domain, new string('a', 64) + ".com" },
        { IndicatorType.Domain, string.Join(".", Enumerable.Repeat(new string('a', 63), 4)) },
        { IndicatorType.Domain, "http://example.com" },
        { IndicatorType.Domain, "ex!ample.com" },
        { IndicatorType.Url, "evil.example.net/path" },
        { IndicatorType.Url, "/relative/path" },
        { IndicatorType.Url, "hxxp://example.com" },
        { IndicatorType.Url, "javascript:alert(1)" },
        { IndicatorType.Url, "file:///etc/passwd" },
        { IndicatorType.Url, "mailto:a@example.com" },
        { IndicatorType.Url, "http://" },
        { IndicatorType.Url, "http:///path" },
        { IndicatorType.Url, "http://exa mple.com/" },
        { IndicatorType.Url, "http://1/" },
        { IndicatorType.Url, "http://localhost/" },
        { IndicatorType.Url, "http://under_score.example.com/" },
        { IndicatorType.Url, "http://999.1.1.1/" },
        { IndicatorType.Url, "https://example.com:99999/" },
        { IndicatorType.Email, "security-team" },
        { IndicatorType.Email, "@evil.example.net" },
        { IndicatorType.Email, "soc@" },
        { IndicatorType.Email, "alerts@localhost" },
        { IndicatorType.Email, "a..b@example.com" },
        { IndicatorType.Email, ".a@example.com" },
        { IndicatorType.Email, "a.@example.com" },
        { IndicatorType.Email, "a b@example.com" },
        { IndicatorType.Email, "\"quoted\"@example.com" },
        { IndicatorType.Email, "a@b@example.com" },
        { IndicatorType.Email, "a@exa_mple.com" },
        { IndicatorType.Email, new string('a', 65) + "@example.com" },
        { IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427" },
        { IndicatorType.Md5, "d41d8cd98f00b204e9800998ecf8427e0" },
        { IndicatorType.Md5, "g41d8cd98f00b204e9800998ecf8427e" },
        { IndicatorType.Md5, "da39a3ee5e6b4b0d3255bfef95601890afd80709" },
        { IndicatorType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd8070" },
        { IndicatorType.Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd8070z" },
        { IndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85" },
        { IndicatorType.Sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 " },
        { IndicatorType.Sha256, "ｅ3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85" },
        { IndicatorType.Cve, "CVE-2019-123" },
        { IndicatorType.Cve, "cve-2014-0160" },
        { IndicatorType.Cve, "CVE-14-0160" },
        { IndicatorType.Cve, "CVE-2021-44228 " },
        { IndicatorType.Cve, "CVE-2014-０１６０" },
        { IndicatorType.Cve, "CAN-2014-0160" },
        { IndicatorType.FreeText, "   " },
    };

    [Theory]
    [MemberData(nameof(ValidIndicators))]
    public void ValidateDraft_ValidIndicator_NoViolations(IndicatorType type, string value)
    {
        var violations = TestItems.Validator().ValidateDraft(WithIndicator(type, value), TestItems.Now);

        Assert.Empty(violations);
    }

    [Theory]
    [MemberData(nameof(InvalidIndicators))]
    public void ValidateDraft_InvalidIndicator_ViolationOnValueWithoutEchoingIt(IndicatorType type, string value)
    {
        var violations = TestItems.Validator().ValidateDraft(WithIndicator(type, value), TestItems.Now);

        var violation = Assert.Single(violations);
        Assert.Equal("draft.body.indicators[2].value", violation.Field);
        Assert.Contains(": ", violation.Description);
        if (value.Trim().Length > 3)
        {
            Assert.DoesNotContain(value.Trim(), violation.Description, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(IndicatorType.Md5, 31, "expected 32 hex characters, got 31")]
    [InlineData(IndicatorType.Sha1, 41, "expected 40 hex characters, got 41")]
    [InlineData(IndicatorType.Sha256, 63, "expected 64 hex characters, got 63")]
    public void ValidateDraft_HashOfWrongLength_SaysExpectedAndActualLength(IndicatorType type, int length, string expected)
    {
        var violation = Assert.Single(TestItems.Validator().ValidateDraft(WithIndicator(type, new string('a', length)), TestItems.Now));

        Assert.Contains(expected, violation.Description);
    }

    [Theory]
    [InlineData(IndicatorType.Unspecified)]
    [InlineData((IndicatorType)11)]
    [InlineData((IndicatorType)(-3))]
    public void ValidateDraft_MissingOrUnknownType_ViolationOnTypeOnly(IndicatorType type)
    {
        var violation = Assert.Single(TestItems.Validator().ValidateDraft(WithIndicator(type, "anything"), TestItems.Now));

        Assert.Equal("draft.body.indicators[2].type", violation.Field);
        Assert.Contains("INDICATOR_TYPE_IPV4", violation.Description);
    }

    [Fact]
    public void ValidateDraft_EmptyValue_ViolationOnValue()
    {
        var violation = Assert.Single(TestItems.Validator().ValidateDraft(WithIndicator(IndicatorType.FreeText, ""), TestItems.Now));

        Assert.Equal("draft.body.indicators[2].value", violation.Field);
    }

    [Fact]
    public void ValidateDraft_ValueTooLong_ViolationOnValue()
    {
        var violations = TestItems.Validator().ValidateDraft(WithIndicator(IndicatorType.FreeText, new string('x', 2_049)), TestItems.Now);

        Assert.Equal(["draft.body.indicators[2].value"], TestItems.Fields(violations));
    }

    [Fact]
    public void ValidateDraft_ControlCharacterInValue_ViolationOnValue()
    {
        var violations = TestItems.Validator().ValidateDraft(WithIndicator(IndicatorType.FreeText, "a\u0000b"), TestItems.Now);

        Assert.Equal(["draft.body.indicators[2].value"], TestItems.Fields(violations));
    }

    [Fact]
    public void ValidateDraft_DescriptionTooLongOrControl_ViolationOnDescription()
    {
        var draft = WithIndicator(IndicatorType.Ipv4, "192.0.2.7");
        draft.Body.Indicators[2].Description = new string('d', 501);
        draft.Body.Indicators[0].Description = "tab\tok but bell \a not";

        var fields = TestItems.Fields(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal(["draft.body.indicators[0].description", "draft.body.indicators[2].description"], fields);
    }

    [Fact]
    public void ValidateDraft_TooManyIndicators_OneViolationOnTheList()
    {
        var draft = TestItems.Draft();
        draft.Body.Indicators.Add(Enumerable.Range(0, 999).Select(i => new Indicator { Type = IndicatorType.FreeText, Value = $"i{i}" }));

        var violation = Assert.Single(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal("draft.body.indicators", violation.Field);
        Assert.Contains("1,001", violation.Description);
    }

    [Fact]
    public void ValidateDraft_ExactlyMaxIndicators_Accepted()
    {
        var draft = TestItems.Draft();
        draft.Body.Indicators.Add(Enumerable.Range(0, 998).Select(i => new Indicator { Type = IndicatorType.Ipv4, Value = $"10.0.{i / 256}.{i % 256}" }));

        Assert.Empty(TestItems.Validator().ValidateDraft(draft, TestItems.Now));
    }

    [Fact]
    public void ValidateDraft_SeveralBadIndicators_EachReportedAtItsIndex()
    {
        var draft = TestItems.Draft();
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Cve, Value = "CVE-1-1" });
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Md5, Value = "d41d8cd98f00b204e9800998ecf8427e" });
        draft.Body.Indicators.Add(new Indicator { Type = IndicatorType.Sha256, Value = "abc" });
        draft.Body.Indicators[0].Value = "300.0.0.1";

        var fields = TestItems.Fields(TestItems.Validator().ValidateDraft(draft, TestItems.Now));

        Assert.Equal(["draft.body.indicators[0].value", "draft.body.indicators[2].value", "draft.body.indicators[4].value"], fields);
    }

    private static ItemDraft WithIndicator(IndicatorType type, string value)
    {
        var draft = TestItems.Draft();
        draft.Body.Indicators.Add(new Indicator { Type = type, Value = value });
        return draft;
    }
}
