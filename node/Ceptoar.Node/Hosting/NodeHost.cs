namespace Ceptoar.Node.Hosting;

/// <summary>Builds and runs the node.</summary>
public static class NodeHost
{
    public static Task<int> RunAsync(string[] args) => throw new NotImplementedException();
}
