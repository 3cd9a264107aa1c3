using Ceptoar.Node.Hosting;
using Ceptoar.Node.People;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ceptoar.Node.Tests.People;

/// <summary>The "People" settings (docs/CONSOLE.md §2): defaults, and a bad value refused naming the setting and the fix.</summary>
public sealed class PeopleOptionsTests
{
    [Fact]
    public void Options_NothingSet_Defaults12And5And15()
    {
        var options = Options([]);

        Assert.Equal((12, 5, 15), (options.MinPasswordLength, options.MaxFailedSignIns, options.LockoutMinutes));
    }

    [Theory]
    [InlineData("People:MinPasswordLength", "7", "use 8 to 128 characters (default 12)")]
    [InlineData("People:MinPasswordLength", "129", "use 8 to 128 characters (default 12)")]
    [InlineData("People:MaxFailedSignIns", "0", "use 1 to 100 failed sign-ins (default 5)")]
    [InlineData("People:LockoutMinutes", "0", "use 1 to 1440 minutes (default 15)")]
    [InlineData("People:LockoutMinutes", "1441", "use 1 to 1440 minutes (default 15)")]
    public void Options_OutOfRange_RefusedNamingTheSettingAndTheFix(string key, string value, string fix)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => Options(new() { [key] = value }));

        var failure = Assert.Single(refused.Failures);
        Assert.Contains(key, failure, StringComparison.Ordinal);
        Assert.Contains(value + " is out of range", failure, StringComparison.Ordinal);
        Assert.Contains(fix, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeStart_LockoutMinutesZero_StopsNamingTheSetting()
    {
        using var dir = new TestDirectory();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestNode.StartAsync(new TestFederation(dir.Combine("pki")), "bank-ceptoar", dir.Combine("data"), settings => settings["People:LockoutMinutes"] = "0"));

        Assert.Contains("People:LockoutMinutes", Assert.Single(refused.Failures), StringComparison.Ordinal);
    }

    private static PeopleOptions Options(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddPeople(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<PeopleOptions>>().Value;
    }
}
