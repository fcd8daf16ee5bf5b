using NewsMonitor.Cli.Commands;
using NewsMonitor.Tests;

namespace NewsMonitor.Cli.Tests;

[Collection("Console")]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchExtraction_ReportsSpeedsAgainstBaselinesAndAllocation()
    {
        var (exit, output) = await ConsoleCapture.RunAsync(BenchCommand.Create(), "bench", "extraction", "--passes", "1", "--data", Path.Combine(RepoPaths.Shared, "eval", "article-extraction"));
        Assert.Equal(0, exit);
        Assert.Contains("181 pages × 1 passes", output);
        Assert.Matches(@"newsmonitor: parse \+ extract \+ normalise\s*│\s*[\d,]+\s*│\s*1\.00", output);
        Assert.Contains("whole-page text (HtmlAgilityPack)", output);
        Assert.Matches(@"UTF-16: median \d+\.\d×, 90th percentile \d+\.\d×, max \d+\.\d×", output);
    }

    [Fact]
    public async Task BenchExtraction_MissingData_SaysWhatIsMissing()
    {
        var (exit, output) = await ConsoleCapture.RunAsync(BenchCommand.Create(), "bench", "extraction", "--data", "/nonexistent/benchmark");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/benchmark", output);
    }

    [Fact]
    public async Task BenchAnalysis_StartupProbe_LoadsTheAnalyserAndPrintsItsMilliseconds()
    {
        var (exit, output) = await ConsoleCapture.RunAsync(BenchCommand.Create(), "bench", "analysis", "--startup-probe", "--config", Path.Combine(RepoPaths.Root, "config"));
        Assert.Equal(0, exit);
        Assert.InRange(double.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture), 0.1, 60_000);
    }

    [Theory]
    [InlineData("analysis")]
    [InlineData("digest")]
    public async Task BenchOverTheCorpus_MissingCorpus_SaysWhatIsMissing(string bench)
    {
        var (exit, output) = await ConsoleCapture.RunAsync(BenchCommand.Create(), "bench", bench, "--corpus", "/nonexistent/corpus.jsonl.gz");
        Assert.Equal(2, exit);
        Assert.Contains("/nonexistent/corpus.jsonl.gz", output);
    }
}
