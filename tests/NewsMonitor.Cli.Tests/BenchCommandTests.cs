using System.CommandLine;
using NewsMonitor.Cli.Commands;
using NewsMonitor.Tests;
using Spectre.Console;
using Spectre.Console.Testing;

namespace NewsMonitor.Cli.Tests;

[Collection("Console")]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchExtraction_ReportsSpeedsAgainstBaselinesAndAllocation()
    {
        var console = new TestConsole().Width(200);
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            var root = new RootCommand { BenchCommand.Create() };
            int exit = await root.Parse(["bench", "extraction", "--passes", "1", "--data", Path.Combine(RepoPaths.Shared, "eval", "article-extraction")]).InvokeAsync();
            Assert.Equal(0, exit);
        }
        finally { AnsiConsole.Console = previous; }
        var output = console.Output;
        Assert.Contains("181 pages × 1 passes", output);
        Assert.Matches(@"newsmonitor: parse \+ extract \+ normalise\s*│\s*[\d,]+\s*│\s*1\.00", output);
        Assert.Contains("whole-page text (HtmlAgilityPack)", output);
        Assert.Matches(@"UTF-16: median \d+\.\d×, 90th percentile \d+\.\d×, max \d+\.\d×", output);
    }

    [Fact]
    public async Task BenchExtraction_MissingData_SaysWhatIsMissing()
    {
        var console = new TestConsole().Width(200);
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = console;
        try
        {
            var root = new RootCommand { BenchCommand.Create() };
            int exit = await root.Parse(["bench", "extraction", "--data", "/nonexistent/benchmark"]).InvokeAsync();
            Assert.Equal(2, exit);
        }
        finally { AnsiConsole.Console = previous; }
        Assert.Contains("/nonexistent/benchmark", console.Output);
    }
}
