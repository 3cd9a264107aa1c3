using System.Net.Sockets;
using Ceptoar.AdminCli.Node;
using Grpc.Core;

namespace Ceptoar.AdminCli.Tests;

/// <summary>The mapping of failures to messages and exit codes, including the ones a test cannot provoke for real (EACCES as root).</summary>
public sealed class NodeErrorsTests
{
    private static readonly NodeSettings Settings = new("/srv/ceptoar/data", "/srv/ceptoar/data/admin.sock", Json: false, TimeSpan.FromSeconds(2.5));

    [Fact]
    public void Describe_AccessDeniedOnTheSocket_IsPermissionDeniedWithTheFix()
    {
        var failure = Describe(Unavailable(new HttpRequestException("connect failed", new SocketException((int)SocketError.AccessDenied))));

        Assert.Equal(ExitCodes.PermissionDenied, failure.ExitCode);
        Assert.Equal(
            "permission denied on /srv/ceptoar/data/admin.sock: run as the node's user or ask the operator for access.",
            Assert.Single(failure.Lines));
    }

    [Fact]
    public void Describe_UnauthorizedAccess_IsPermissionDenied()
    {
        var failure = Describe(new UnauthorizedAccessException("Access to the path is denied."));

        Assert.Equal(ExitCodes.PermissionDenied, failure.ExitCode);
        Assert.Contains("permission denied on /srv/ceptoar/data/admin.sock", failure.Lines[0]);
    }

    [Fact]
    public void Describe_SocketMissing_IsNotRunning()
    {
        var failure = Describe(Unavailable(new HttpRequestException("x", new SocketException((int)SocketError.AddressNotAvailable))));

        Assert.Equal(ExitCodes.Unreachable, failure.ExitCode);
        Assert.Equal(
            "node is not running (no admin socket at /srv/ceptoar/data/admin.sock). Start it with `ceptoar-node --Node:DataDir=/srv/ceptoar/data` or pass --data-dir.",
            Assert.Single(failure.Lines));
    }

    [Fact]
    public void Describe_SocketMissingWhenGivenExplicitly_PointsAtTheSocketOption()
    {
        var failure = NodeErrors.Describe(
            Unavailable(new SocketException((int)SocketError.AddressNotAvailable)),
            Settings with { SocketGiven = true })!;

        Assert.Contains("check that --socket is the path of its admin socket", failure.Lines[0]);
    }

    [Fact]
    public void Describe_DeadlineExceeded_SaysHowLongItWaited()
    {
        var failure = Describe(new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")));

        Assert.Equal(ExitCodes.Unreachable, failure.ExitCode);
        Assert.StartsWith("node did not answer within 2.5 s.", failure.Lines[0]);
    }

    [Fact]
    public void Describe_UnavailableWithoutSocketCause_IsUnreachable()
    {
        var failure = Describe(new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "shutting down")));

        Assert.Equal(ExitCodes.Unreachable, failure.ExitCode);
        Assert.Contains("shutting down", failure.Lines[0]);
    }

    [Theory]
    [InlineData(StatusCode.NotFound, ExitCodes.NotFound)]
    [InlineData(StatusCode.PermissionDenied, ExitCodes.PermissionDenied)]
    [InlineData(StatusCode.Unauthenticated, ExitCodes.PermissionDenied)]
    [InlineData(StatusCode.InvalidArgument, ExitCodes.Refused)]
    [InlineData(StatusCode.FailedPrecondition, ExitCodes.Refused)]
    [InlineData(StatusCode.AlreadyExists, ExitCodes.Refused)]
    [InlineData(StatusCode.ResourceExhausted, ExitCodes.Refused)]
    [InlineData(StatusCode.Internal, ExitCodes.NodeFailure)]
    [InlineData(StatusCode.DataLoss, ExitCodes.NodeFailure)]
    [InlineData(StatusCode.Unknown, ExitCodes.NodeFailure)]
    [InlineData(StatusCode.Unimplemented, ExitCodes.NodeFailure)]
    [InlineData(StatusCode.Cancelled, ExitCodes.Interrupted)]
    public void Describe_StatusCode_MapsToTheDocumentedExitCode(StatusCode code, int expected)
    {
        var failure = Describe(new RpcException(new Grpc.Core.Status(code, "the node's own words")));

        Assert.Equal(expected, failure.ExitCode);
        if (code is not StatusCode.Cancelled)
        {
            Assert.Contains("the node's own words", failure.Lines[0]);
        }
    }

    [Fact]
    public void Describe_UsageException_IsExitOneWithItsMessage()
    {
        var failure = Describe(new UsageException("swap them"));

        Assert.Equal(ExitCodes.Usage, failure.ExitCode);
        Assert.Equal("swap them", Assert.Single(failure.Lines));
    }

    [Fact]
    public void Describe_BugInTheCli_IsLeftToTheDefaultHandler()
    {
        Assert.Null(NodeErrors.Describe(new NullReferenceException(), Settings));
    }

    private static CliFailure Describe(Exception exception) =>
        NodeErrors.Describe(exception, Settings) ?? throw new InvalidOperationException($"{exception.GetType().Name} was not mapped");

    private static RpcException Unavailable(Exception cause) =>
        new(new Grpc.Core.Status(StatusCode.Unavailable, "Error connecting to subchannel.", cause));
}
