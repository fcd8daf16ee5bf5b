using System.IO.Compression;
using System.Text.Json;

namespace NewsMonitor.Tests;

/// <summary>Article bodies from the vi-news corpus in ../shared/eval (the first 3,000, read once per test run).</summary>
internal static class CorpusSample
{
    public static string Path { get; } = System.IO.Path.Combine(RepoPaths.Shared, "eval", "vi-news", "corpus.jsonl.gz");

    private static readonly Lazy<List<string>> First = new(() =>
    {
        var list = new List<string>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(Path), CompressionMode.Decompress));
        while (list.Count < 3000 && reader.ReadLine() is { } line)
            if (line.Length > 0) list.Add(JsonDocument.Parse(line).RootElement.GetProperty("body").GetString()!);
        return list;
    });

    /// <summary>The first <paramref name="count"/> bodies (at most 3,000).</summary>
    public static IEnumerable<string> Bodies(int count) => First.Value.Take(count);
}
