namespace Ceptoar.Testing;

/// <summary>A fresh temporary directory per test, deleted at teardown.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("ceptoar-test-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A killed node process may still hold a file for a moment; the OS temp cleaner takes the rest.
        }
    }
}
