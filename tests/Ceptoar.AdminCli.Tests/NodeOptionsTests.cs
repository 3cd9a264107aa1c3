using System.CommandLine;
using Ceptoar.AdminCli.Node;

namespace Ceptoar.AdminCli.Tests;

public sealed class NodeOptionsTests
{
    [Fact]
    public void Read_DataDirOnly_SocketIsInsideIt()
    {
        var settings = Read("--data-dir", "/srv/ceptoar/data");

        Assert.Equal("/srv/ceptoar/data", settings.DataDir);
        Assert.Equal("/srv/ceptoar/data/admin.sock", settings.SocketPath);
        Assert.False(settings.SocketGiven);
        Assert.False(settings.Json);
        Assert.Equal(TimeSpan.FromSeconds(NodeOptions.DefaultTimeoutSeconds), settings.Timeout);
    }

    [Fact]
    public void Read_SocketGiven_OverridesTheDataDir()
    {
        var settings = Read("--data-dir", "/srv/ceptoar/data", "--socket", "/run/ceptoar/admin.sock", "--json", "--timeout", "2.5");

        Assert.Equal("/run/ceptoar/admin.sock", settings.SocketPath);
        Assert.True(settings.SocketGiven);
        Assert.True(settings.Json);
        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.Timeout);
        Assert.Equal("2.5", settings.TimeoutText);
    }

    [Fact]
    public void Read_RelativeDataDir_IsMadeAbsoluteSoMessagesNameARealPath()
    {
        var settings = Read("--data-dir", "node-a");

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "node-a", "admin.sock"), settings.SocketPath);
    }

    private static NodeSettings Read(params string[] args)
    {
        var options = new NodeOptions();
        var command = new RootCommand("test");
        options.AddTo(command);
        var parseResult = command.Parse(args);
        Assert.Empty(parseResult.Errors);
        return options.Read(parseResult);
    }
}
