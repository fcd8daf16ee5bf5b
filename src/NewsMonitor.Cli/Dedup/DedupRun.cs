using NewsMonitor.Dedup;

namespace NewsMonitor.Cli.Dedup;

/// <summary>The batch deduplicator over a whole articles file, in file order (bad lines and repeated ids are skipped).</summary>
internal static class DedupRun
{
    public static async Task<List<DedupOutput>> RunAsync(string path, CancellationToken cancellationToken = default)
    {
        using var batch = new DedupBatch(new DedupRule(), 64 * 1024);
        var outputs = new List<DedupOutput>();
        await foreach (var line in JsonlArticles.ReadAsync(path, cancellationToken))
        {
            if (line.Article is { } article && batch.Rejects(article) is null) outputs.Add(batch.Add(article)); // a repeated id: the first one stands
        }
        return outputs;
    }
}
