using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using NewsMonitor.Cli.Commands;
using NewsMonitor.Tests;

namespace NewsMonitor.Cli.Tests;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("newsmon-extract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Extract_DirectoryToFile_MapsNamesToResultsWithArticleBody()
    {
        var page = Directory.GetFiles(Path.Combine(RepoPaths.Samples, "mirror", "vnexpress.net")).First(f => f.Contains("liverpool", StringComparison.Ordinal));
        File.Copy(page, Path.Combine(_dir, "a.html"));
        await using (var gz = new GZipStream(File.Create(Path.Combine(_dir, "b.html.gz")), CompressionLevel.Fastest))
            await gz.WriteAsync(File.ReadAllBytes(page));
        File.WriteAllText(Path.Combine(_dir, "c.html"), "<html><body><nav>Menu</nav></body></html>");
        File.WriteAllText(Path.Combine(_dir, "notes.txt"), "not a page");
        var output = Path.Combine(_dir, "out.json");

        var root = new RootCommand { ExtractCommand.Create() };
        int exit = await root.Parse(["extract", _dir, "--out", output]).InvokeAsync();

        Assert.Equal(1, exit); // c.html has no article
        using var doc = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(["a", "b", "c"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var a = doc.RootElement.GetProperty("a");
        Assert.Equal("ok", a.GetProperty("outcome").GetString());
        Assert.Contains("Liverpool", a.GetProperty("articleBody").GetString());
        Assert.Equal(a.GetProperty("articleBody").GetString(), doc.RootElement.GetProperty("b").GetProperty("articleBody").GetString());
        Assert.StartsWith("TP.HCM và Vùng Đô thị Liverpool", a.GetProperty("lead").GetString());
        Assert.Equal("empty_page", doc.RootElement.GetProperty("c").GetProperty("outcome").GetString());
    }
}
