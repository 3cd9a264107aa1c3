using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Ceptoar.AdminCli.Localization;
using Ceptoar.AdminCli.Node;
using Ceptoar.Core.Pki;
using Grpc.Core;
using Grpc.Net.Client;

namespace Ceptoar.AdminCli.Demo;

/// <summary>Turns a failed call to a demo node into a <see cref="DemoException"/> that names the node and the step.</summary>
internal static class DemoCalls
{
    /// <summary>An admin call over the node's socket; failures read as they would for `ceptoar-admin --data-dir`.</summary>
    public static async Task<T> AdminAsync<T>(RunningNode node, string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            throw Interrupted(e);
        }
        catch (Exception e) when (e is not OperationCanceledException && NodeErrors.Describe(e, node.Settings) is { } failure)
        {
            throw new DemoException(failure.ExitCode, [Localized.Format(DemoText.CallFailed, node.Node.Id, what), .. failure.Lines.Select(l => "  " + l)]);
        }
    }

    /// <summary>A member call over TLS to the node's member API.</summary>
    public static async Task<T> MemberAsync<T>(RunningNode node, string memberId, string what, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            throw Interrupted(e);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
        {
            throw new DemoException(
                ExitCodes.Unreachable,
                Localized.Format(DemoText.MemberApiNoAnswer, memberId, node.Node.Id, what, node.Ready.MemberEndpoint, e.StatusCode, e.Status.Detail),
                Localized.Format(DemoText.SeeConsoleLog, node.Process.ConsoleLog));
        }
        catch (RpcException e) when (NodeErrors.Describe(e, node.Settings) is { } failure)
        {
            throw new DemoException(failure.ExitCode, [Localized.Format(DemoText.MemberCallFailed, memberId, node.Node.Id, what), .. failure.Lines.Select(l => "  " + l)]);
        }
    }

    // Ctrl+C cancels the call; the demo then stops its nodes instead of reporting a failed step.
    private static OperationCanceledException Interrupted(RpcException e) => new(DemoText.Interrupted, e);

    /// <summary>
    /// A channel to a node's member API that trusts only the federation roots and only the node it means to reach (the node id
    /// in the certificate's SAN URI), sending the member's API key on every call.
    /// </summary>
    public static GrpcChannel MemberChannel(string endpoint, string nodeId, TrustBundle roots, string apiKey)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null
                    && roots.Check(certificate as X509Certificate2 ?? new X509Certificate2(certificate), DateTimeOffset.UtcNow) is { Valid: true } check
                    && check.NodeId == nodeId,
            },
        };
        var key = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + apiKey);
            return Task.CompletedTask;
        });
        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            Credentials = ChannelCredentials.Create(ChannelCredentials.SecureSsl, key),
        });
    }
}
