using System.CommandLine;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Dedup;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon story-weights --in corpus.jsonl.gz --out src/NewsMonitor.Core/Dedup/StoryWeights.tsv</c>: the syllable
/// document frequencies that weigh story vectors (<see cref="StoryVectors"/>), from a file of articles. Maintainers run it
/// again when the news changes enough for "common" to mean something else; the table holds counts of syllables, no text.
/// </summary>
internal static class StoryWeightsCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--in") { Description = "Articles, JSON Lines (.gz allowed): id, body; optional title.", Required = true };
        var output = new Option<string>("--out") { Description = "The table to write (the build embeds src/NewsMonitor.Core/Dedup/StoryWeights.tsv).", Required = true };
        var command = new Command("story-weights", "Count syllable document frequencies for story clustering.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            var inPath = parse.GetValue(input)!;
            if (!File.Exists(inPath)) { AnsiConsole.MarkupLineInterpolated($"[red]Input not found:[/] {inPath}"); return 2; }
            var documents = new List<(string?, string?)>();
            int rejected = 0;
            await foreach (var line in JsonlArticles.ReadAsync(inPath, ct))
            {
                if (line.Article is { } a) documents.Add((a.Title, a.Body));
                else { rejected++; Console.Error.WriteLine($"{inPath}:{line.Number}: skipped: {line.Error}"); }
            }
            var outPath = parse.GetValue(output)!;
            await using (var writer = new StreamWriter(outPath) { NewLine = "\n" })
                StoryVectors.WriteTable(documents, writer);
            AnsiConsole.MarkupLineInterpolated($"{documents.Count:N0} articles counted; wrote {outPath}.");
            return rejected > 0 ? 1 : 0;
        });
        return command;
    }
}
