using NewsMonitor.Dedup;

namespace NewsMonitor.Cli.Dedup;

/// <summary>The batch deduplicator over a whole articles file, in file order (bad lines are skipped).</summary>
internal static class DedupRun
{
    public static async Task<List<DedupOutput>> RunAsync(string path, CancellationToken cancellationToken = default)
    {
        var batch = new DedupBatch(new DedupRule(), 64 * 1024);
        var outputs = new List<DedupOutput>();
        await foreach (var line in JsonlArticles.ReadAsync(path, cancellationToken))
        {
            if (line.Article is null) continue;
            try { outputs.Add(batch.Add(line.Article)); }
            catch (ArgumentException) { } // a repeated id: the first one stands
        }
        return outputs;
    }
}
