namespace NewsMonitor.Tests;

/// <summary>Paths of the repository and of the shared evaluation data beside it (../shared).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Config => Path.Combine(Root, "config");

    public static string Samples => Path.Combine(Root, "samples");

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string Seeds => Path.Combine(Shared, "seeds");

    public static string Seed(string number) => Directory.GetFiles(Seeds, number + "_*.txt").Single();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NewsMonitor.sln"))) return dir.FullName;
        throw new InvalidOperationException("NewsMonitor.sln not found above " + AppContext.BaseDirectory);
    }
}
