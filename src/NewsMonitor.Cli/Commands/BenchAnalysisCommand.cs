using System.CommandLine;
using System.Diagnostics;
using NewsMonitor.Cli.Analysis;
using NewsMonitor.Cli.Dedup;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon bench analysis</c>: the analyser's speed per article (BenchmarkDotNet, against the matching key of the same
/// text in the same run), and its cold start-up: a fresh process that loads the configuration and analyses one article,
/// as a Functions cold start does.
/// </summary>
internal static class BenchAnalysisCommand
{
    public static Command Create()
    {
        var corpus = CorpusOption.Create("JSONL(.gz) with id, title, body.");
        var config = new Option<string>("--config") { Description = "Folder with taxonomy.json and gazetteer/.", DefaultValueFactory = _ => "config" };
        var quick = new Option<bool>("--quick") { Description = "A short BenchmarkDotNet run (fewer iterations; for a smoke test, not for figures)." };
        var probe = new Option<bool>("--startup-probe") { Description = "Internal: load the analyser, analyse one article and print the milliseconds (run in a fresh process by this command).", Hidden = true };
        var command = new Command("analysis", "Analyser speed per article against a baseline, and its cold start-up.");
        foreach (var o in new Option[] { corpus, config, quick, probe }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var configDirectory = Path.GetFullPath(parse.GetValue(config)!);
            if (parse.GetValue(probe)) return StartupProbe(configDirectory);
            if (CorpusOption.Existing(parse, corpus) is not { } path) return 2;
            var all = new List<(string, List<string>)>();
            await foreach (var line in JsonlArticles.ReadAsync(path, ct))
                if (line.Article is { } a)
                {
                    var paragraphs = AnalyzerInput.Paragraphs(a.Body);
                    all.Add((AnalyzerInput.Title(a.Title, paragraphs), paragraphs));
                }
            if (all.Count == 0) { AnsiConsole.MarkupLineInterpolated($"[red]No articles in {path}.[/]"); return 2; }
            int step = Math.Max(1, all.Count / AnalysisBenchmarks.Batch);
            AnalysisBenchmarks.Articles = Enumerable.Range(0, AnalysisBenchmarks.Batch).Select(i => all[i * step % all.Count]).ToArray();
            AnalysisBenchmarks.ConfigDirectory = configDirectory;

            if (InProcessBenchmarks.Run<AnalysisBenchmarks>(parse.GetValue(quick), nameof(AnalysisBenchmarks.Analyze)) is { } mean)
                AnsiConsole.MarkupLineInterpolated($"[bold]Analysis: {1e9 / mean:N0} articles per second on one core[/] (mean {mean / 1000:0.0} µs per article over {AnalysisBenchmarks.Batch} corpus articles).");

            var cold = new List<double>();
            for (int i = 0; i < 5; i++)
                if (await RunProbeAsync(configDirectory, ct) is { } ms) cold.Add(ms);
            if (cold.Count > 0)
                AnsiConsole.MarkupLineInterpolated($"[bold]Cold start-up: {cold.Order().ElementAt(cold.Count / 2):0} ms[/] (median of {cold.Count} fresh processes with the Functions handler's runtime settings but without its ReadyToRun code: load the taxonomy and gazetteer, build the analyser, analyse one article; the runtime's own start is not counted).");
            return 0;
        });
        return command;
    }

    private static int StartupProbe(string configDirectory)
    {
        var sw = Stopwatch.StartNew();
        var analyzer = AnalyzerInput.Load(configDirectory);
        analyzer.Analyze("Việt Nam và Anh ký bản ghi nhớ hợp tác y tế", ["Bộ Y tế Việt Nam và Đại sứ quán Anh ký bản ghi nhớ hợp tác y tế trị giá 75.000 bảng."]);
        AnsiConsole.WriteLine(sw.Elapsed.TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    /// <summary>Runs this program again with --startup-probe and reads the milliseconds it prints.</summary>
    private static async Task<double?> RunProbeAsync(string configDirectory, CancellationToken ct)
    {
        var self = Environment.ProcessPath!;
        var info = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var entry = System.Reflection.Assembly.GetEntryAssembly()!.Location;
        if (Path.GetFileNameWithoutExtension(self) is "dotnet") info.ArgumentList.Add(entry);
        foreach (var a in new[] { "bench", "analysis", "--startup-probe", "--config", configDirectory }) info.ArgumentList.Add(a);
        // The runtime settings of the Functions handler, which pays this start-up: no dynamic PGO (NewsMonitor.Functions.csproj).
        // The handler is also ReadyToRun, which the probe is not, so the figure is an upper bound of what a cold start pays.
        info.Environment["DOTNET_TieredPGO"] = "0";
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return process.ExitCode == 0 && double.TryParse(output.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : null;
    }
}
