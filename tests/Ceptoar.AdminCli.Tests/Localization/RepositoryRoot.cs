namespace Ceptoar.AdminCli.Tests.Localization;

/// <summary>The repository checkout the tests run from, found by walking up to Federation.sln.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Federation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no Federation.sln above {AppContext.BaseDirectory}: run the tests from the repository checkout.");
    }
}
