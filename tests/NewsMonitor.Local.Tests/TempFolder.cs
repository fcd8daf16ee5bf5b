namespace NewsMonitor.Local.Tests;

/// <summary>A fresh folder under the system temp folder, deleted on dispose (SQLite pools cleared first).</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("newsmon-test-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
