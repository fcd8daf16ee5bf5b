using System.Text.Json;
using NewsMonitor.Analysis;
using NewsMonitor.Cli.Analysis;
using NewsMonitor.Cli.Commands;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Evaluation;
using NewsMonitor.Tests;

namespace NewsMonitor.Cli.Tests;

[Collection("Console")]
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("newsmon-analyze-").FullName;

    private static readonly string Config = Path.Combine(RepoPaths.Root, "config");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Analyze_FileOfArticles_WritesAStructuredSummaryPerArticle_AndSkipsBadLinesByNumber()
    {
        var input = Path.Combine(_dir, "in.jsonl");
        File.WriteAllLines(input,
        [
            JsonSerializer.Serialize(new { id = "seed000", title = (string?)null, body = File.ReadAllText(RepoPaths.Seed("000")), url = "https://vnexpress.net/a.html", outlet = "vnexpress.net", published = "2025-10-30T08:00:00+07:00" }),
            "{not json",
            JsonSerializer.Serialize(new { id = "empty", body = "" }),
            JsonSerializer.Serialize(new { id = "vni", body = "Hôïp taùc giöõa Vieät Nam vaø Anh laø moät trong nhöõng öu tieân cuûa caùc beân, ñöôïc hai nöôùc kyù keát." }),
        ]);
        var output = Path.Combine(_dir, "out.jsonl");

        var (exit, console) = await ConsoleCapture.RunAsync(AnalyzeCommand.Create(), "analyze", "--in", input, "--out", output, "--config", Config);

        Assert.Equal(1, exit);
        Assert.Contains("2 inputs skipped", console); // the bad line, and the text in a legacy font encoding
        var lines = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["seed000", "empty"], lines.Select(l => l.GetProperty("id").GetString()));
        var seed = lines[0];
        Assert.Equal(NewsMonitor.Domain.StructuredSummary.CurrentSchemaVersion, seed.GetProperty("schemaVersion").GetString());
        Assert.True(seed.GetProperty("relevant").GetBoolean());
        Assert.Contains("GB", seed.GetProperty("partnerCountries").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.Equal("seed000", seed.GetProperty("cluster").GetProperty("id").GetString());
        Assert.Equal("vnexpress.net", seed.GetProperty("outlet").GetString());
        Assert.NotEmpty(seed.GetProperty("summary").EnumerateArray());
        Assert.False(lines[1].GetProperty("relevant").GetBoolean()); // an empty text has a defined outcome
    }

    [Fact]
    public async Task Analyze_HtmlPages_AreExtractedFirst()
    {
        var page = Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "samples", "mirror", "baochinhphu.vn")).Order(StringComparer.Ordinal).First();
        var output = Path.Combine(_dir, "html.jsonl");

        var (exit, _) = await ConsoleCapture.RunAsync(AnalyzeCommand.Create(), "analyze", "--html", page, "--out", output, "--config", Config);

        Assert.Equal(0, exit);
        var summary = JsonDocument.Parse(Assert.Single(File.ReadAllLines(output))).RootElement;
        Assert.Equal(Path.GetFileNameWithoutExtension(page), summary.GetProperty("id").GetString());
        Assert.True(summary.GetProperty("relevant").GetBoolean());
        Assert.NotEmpty(summary.GetProperty("title").GetString()!);
    }

    [Fact]
    public async Task Analyze_AFolderOfPages_IncludesSubfolders_AndAnEmptyFolderIsNamed()
    {
        var mirror = Path.Combine(RepoPaths.Root, "samples", "mirror");
        var output = Path.Combine(_dir, "folder.jsonl");

        var (exit, _) = await ConsoleCapture.RunAsync(AnalyzeCommand.Create(), "analyze", "--html", mirror, "--out", output, "--config", Config);

        Assert.Equal(0, exit);
        int pages = Directory.EnumerateFiles(mirror, "*.htm*", SearchOption.AllDirectories).Count();
        Assert.True(pages > 20);
        Assert.Equal(pages, File.ReadAllLines(output).Length);

        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        var (emptyExit, console) = await ConsoleCapture.RunAsync(AnalyzeCommand.Create(), "analyze", "--html", empty, "--out", output, "--config", Config);
        Assert.Equal(1, emptyExit);
        Assert.Contains("1 input skipped", console); // stderr names the folder and says it has no pages
    }

    [Fact]
    public async Task Analyze_NeedsOneInput()
    {
        var (exit, console) = await ConsoleCapture.RunAsync(AnalyzeCommand.Create(), "analyze", "--out", Path.Combine(_dir, "x.jsonl"));
        Assert.Equal(2, exit);
        Assert.Contains("Give either --in", console);
    }
}

/// <summary>The analyser on the hand-labelled dev set (tests/eval/classification), held to pinned floors that may only rise.</summary>
public sealed class ClassificationEvaluationTests
{
    /// <summary>F1 floors (relevance, partners, sectors, events) and the share of amounts found exactly.</summary>
    private sealed record Floors(double Relevance, double Partners, double Sectors, double Events, double Amounts);

    // Measured by `newsmon eval classification`; raise them when the analyser improves, never lower them.
    private static readonly Floors Dev = new(Relevance: 0.957, Partners: 0.798, Sectors: 0.73, Events: 0.645, Amounts: 0.95);
    private const int TrickyWithPartnerCeiling = 0;

    // The held-out set (heldout-labels.jsonl) checks that the analyser generalises; it is never used for tuning. Its
    // floors are what it measured when it was labelled and may only rise, like the dev set's.
    private static readonly Floors HeldOut = new(Relevance: 0.98, Partners: 0.865, Sectors: 0.71, Events: 0.685, Amounts: 0.92);

    [Fact]
    public async Task DevSet_ScoresAtOrAboveTheFloors()
    {
        var (labels, score) = await ScoreAsync("dev-labels.jsonl", Dev);
        Assert.True(labels.Count(l => l.Set == "cooperation") == 150 && labels.Count(l => l.Set == "tricky" && !l.Relevant) >= 50, "the dev set's composition");
        Assert.True(score.TrickyWithPartner <= TrickyWithPartnerCeiling, $"{score.TrickyWithPartner} tricky articles given a partner");
    }

    [Fact]
    public async Task HeldOutSet_ScoresAtOrAboveTheFloors()
    {
        var (labels, _) = await ScoreAsync("heldout-labels.jsonl", HeldOut);
        var dev = ClassificationEvaluation.LoadLabels(Path.Combine(RepoPaths.Root, "tests", "eval", "classification", "dev-labels.jsonl")).Select(l => l.Id).ToHashSet();
        Assert.DoesNotContain(labels, l => dev.Contains(l.Id));
    }

    private static async Task<(IReadOnlyList<LabelledArticle> Labels, ClassificationScore Score)> ScoreAsync(string file, Floors floors)
    {
        var labels = ClassificationEvaluation.LoadLabels(Path.Combine(RepoPaths.Root, "tests", "eval", "classification", file));
        var analyzer = AnalyzerInput.Load(Path.Combine(RepoPaths.Root, "config"));
        var analyses = await AnalyzerInput.AnalyseAsync(analyzer, CorpusSample.Path, labels.Select(l => l.Id).ToHashSet());
        var score = ClassificationEvaluation.Score(analyses, labels);
        Assert.Equal(0, score.Missing);
        Assert.True(score.Relevance.F1 >= floors.Relevance, $"{file}: relevance F1 {score.Relevance.F1:0.000} < {floors.Relevance}");
        Assert.True(score.Partners.F1 >= floors.Partners, $"{file}: partner F1 {score.Partners.F1:0.000} < {floors.Partners}");
        Assert.True(score.Sectors.F1 >= floors.Sectors, $"{file}: sector F1 {score.Sectors.F1:0.000} < {floors.Sectors}");
        Assert.True(score.Events.F1 >= floors.Events, $"{file}: event F1 {score.Events.F1:0.000} < {floors.Events}");
        Assert.True(score.Amounts.Recall >= floors.Amounts, $"{file}: amounts found exactly {score.Amounts.Recall:0.000} < {floors.Amounts}");
        return (labels, score);
    }

    [Fact]
    public void LoadLabels_ABadLine_IsNamedWithItsNumber()
    {
        var path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():n}.jsonl");
        File.WriteAllLines(path, ["""{"id":"a","relevant":true,"partners":["WHO"],"sectors":[],"events":[],"amounts":[]}""", """{"id":"b"}"""]);
        try
        {
            var e = Assert.Throws<FormatException>(() => ClassificationEvaluation.LoadLabels(path));
            Assert.StartsWith($"{path}:2:", e.Message);
            File.WriteAllLines(path, ["""{"id":"a","relevant":true,"partners":["WHO","UN"],"amounts":[{"value":75000,"currency":"gbp","text":"75.000 bảng"}]}"""]);
            var label = Assert.Single(ClassificationEvaluation.LoadLabels(path));
            Assert.Equal(["UN"], label.Partners); // UN agencies count as the UN, once
            Assert.Equal(new LabelledAmount(75000, "GBP", "75.000 bảng"), Assert.Single(label.Amounts));
        }
        finally { File.Delete(path); }
    }
}
