using Ceptoar.Federation.V1;
using Ceptoar.Testing;

namespace Ceptoar.Benchmarks;

/// <summary>
/// The smallest federation with a hub between two secretariats, as real in-process nodes with mutual TLS on loopback:
/// bank-ceptoar ⇄ council ⇄ electricity-ceptoar (the secretariats peer only with the hub).
/// </summary>
internal sealed class ThreeNodes : IAsyncDisposable
{
    public const string Bank = "bank-ceptoar";
    public const string Hub = "council";
    public const string Electricity = "electricity-ceptoar";

    private ThreeNodes(TestNode bank, TestNode hub, TestNode electricity)
    {
        BankNode = bank;
        HubNode = hub;
        ElectricityNode = electricity;
    }

    public TestNode BankNode { get; }

    public TestNode HubNode { get; }

    public TestNode ElectricityNode { get; }

    public static async Task<ThreeNodes> StartAsync(TestFederation federation, TestDirectory dir)
    {
        var hub = await TestNode.StartAsync(federation, Hub, dir.Combine(Hub), s => Configure(s, "council", null));
        var bank = await TestNode.StartAsync(federation, Bank, dir.Combine(Bank), s => Configure(s, "secretariat", "finance"));
        var electricity = await TestNode.StartAsync(federation, Electricity, dir.Combine(Electricity), s => Configure(s, "secretariat", "electricity"));
        var nodes = new ThreeNodes(bank, hub, electricity);
        foreach (var (from, to) in new[] { (bank, hub), (hub, bank), (hub, electricity), (electricity, hub) })
        {
            await from.Admin.AddPeerAsync(new AddPeerRequest { NodeId = (await to.Admin.GetStatusAsync(new GetStatusRequest())).NodeId, Endpoint = to.Ready.FederationEndpoint! });
        }

        // Routing by sector needs every descriptor everywhere; they travel on connect and through the hub.
        await Until.TrueAsync(async () =>
        {
            foreach (var node in new[] { bank, hub, electricity })
            {
                if ((await node.Admin.GetStatusAsync(new GetStatusRequest())).KnownNodes.Count < 3)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(60), "the three nodes know each other's descriptors");
        return nodes;
    }

    /// <summary>Settings of a federating benchmark node: federation listener, quick reconnects, quiet logs.</summary>
    public static void Configure(Dictionary<string, string> settings, string role, string? sector)
    {
        settings["Node:Role"] = role;
        settings["Node:FederationListen"] = "127.0.0.1:0";
        settings["Federation:RetryInitialMs"] = "100";
        settings["Federation:RetryMaxMs"] = "200";
        settings["Serilog:MinimumLevel:Default"] = "Error";
        if (sector is not null)
        {
            settings["Node:Sectors:0"] = sector;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await BankNode.DisposeAsync();
        await ElectricityNode.DisposeAsync();
        await HubNode.DisposeAsync();
    }
}
