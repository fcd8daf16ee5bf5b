using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Dedup;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon dedup --in articles.jsonl[.gz] --out clusters.jsonl</c>: the pipeline's dedup rule over a file, one
/// output line per article in input order. Bad lines are reported on stderr with their line number and skipped.
/// </summary>
internal static class DedupCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "Articles, JSON Lines (.gz allowed): id, body; optional title, url, outlet, published.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write one line per article: id, cluster, duplicateOf, relation, similarity (and note).", Required = true };
        var command = new Command("dedup", "Find duplicates and story clusters in a file of articles, as the pipeline would.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            var inPath = parse.GetValue(input)!;
            if (!File.Exists(inPath)) { AnsiConsole.MarkupLineInterpolated($"[red]Input not found:[/] {inPath}"); return 2; }
            var outPath = parse.GetValue(output)!;
            var sw = Stopwatch.StartNew();
            using var batch = new DedupBatch(new DedupRule(), CapacityFor(inPath));
            int articles = 0, rejected = 0, duplicates = 0, sameStory = 0, tooShort = 0;
            await using (var stream = File.Create(outPath))
            await using (var writer = new Utf8JsonWriter(stream))
            {
                await foreach (var line in JsonlArticles.ReadAsync(inPath, ct))
                {
                    if ((line.Article is { } article ? batch.Rejects(article) : line.Error) is { } error)
                    {
                        rejected++;
                        Console.Error.WriteLine($"{inPath}:{line.Number}: skipped: {error}");
                        continue;
                    }
                    var result = batch.Add(line.Article!);
                    articles++;
                    if (result.Relation == DedupRelations.Duplicate) duplicates++;
                    else if (result.Relation == DedupRelations.SameStory) sameStory++;
                    else if (result.Note is not null) tooShort++;
                    Write(writer, stream, result);
                    if (articles % 4096 == 0) await writer.FlushAsync(ct);
                }
            }
            sw.Stop();
            AnsiConsole.MarkupLineInterpolated($"{articles:N0} articles in {sw.Elapsed.TotalSeconds:0.0} s ({articles / Math.Max(sw.Elapsed.TotalSeconds, 1e-9):N0}/s): {articles - duplicates - sameStory:N0} stories, {duplicates:N0} duplicates, {sameStory:N0} same-story reports, {tooShort:N0} too short to compare; index {batch.Index.BytesPerArticle:N0} bytes per article.");
            AnsiConsole.MarkupLineInterpolated($"Wrote {outPath}.");
            if (rejected > 0) AnsiConsole.MarkupLineInterpolated($"[yellow]{rejected:N0} lines skipped (see above).[/]");
            return rejected > 0 ? 1 : 0;
        });
        return command;
    }

    /// <summary>Room for the articles a file probably holds (about 1 KB compressed or 3 KB plain each), so the index rarely grows.</summary>
    private static int CapacityFor(string path)
    {
        long bytes = new FileInfo(path).Length;
        long perArticle = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? 900 : 3000;
        return (int)Math.Clamp(bytes / perArticle + 1024, 1024, LshIndex.MaxArticles);
    }

    private static void Write(Utf8JsonWriter writer, Stream stream, DedupOutput r)
    {
        writer.WriteStartObject();
        writer.WriteString("id", r.Id);
        writer.WriteString("cluster", r.Cluster);
        if (r.DuplicateOf is null) writer.WriteNull("duplicateOf"); else writer.WriteString("duplicateOf", r.DuplicateOf);
        if (r.Relation is null) writer.WriteNull("relation"); else writer.WriteString("relation", r.Relation);
        if (r.Similarity is { } s) writer.WriteNumber("similarity", s); else writer.WriteNull("similarity");
        if (r.Note is not null) writer.WriteString("note", r.Note);
        writer.WriteEndObject();
        writer.Flush();
        stream.WriteByte((byte)'\n'); // JSON Lines: one value per line; Reset lets the writer start the next value
        writer.Reset();
    }
}
