namespace Ceptoar.Node.Tests.Integration;

/// <summary>A test class with one real node (bank-ceptoar), started fresh in its own directory and stopped after each test.</summary>
public abstract class OneNodeTest : IAsyncLifetime
{
    private protected TestDirectory TestDir { get; } = new();

    private protected TestNode Node { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var federation = new TestFederation(TestDir.Combine("pki"));
        Node = await TestNode.StartAsync(federation, "bank-ceptoar", TestDir.Combine("data"));
    }

    public virtual async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        TestDir.Dispose();
    }
}
