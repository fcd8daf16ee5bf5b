using System.CommandLine;
using NewsMonitor.Cli.Functions;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon functions package</c>: the deployable Functions app as a folder and a zip.</summary>
internal static class FunctionsCommand
{
    public static Command Create()
    {
        var functions = new Command("functions", "The Azure Functions app: build its package.");
        var repo = new Option<string?>("--repo") { Description = "The repository root (default: the folder holding NewsMonitor.sln, from the current folder up)." };
        var output = new Option<string>("--out") { Description = "The package folder.", DefaultValueFactory = _ => "artifacts/functions" };
        var zip = new Option<string>("--zip") { Description = "The zip to deploy.", DefaultValueFactory = _ => "artifacts/newsmonitor-functions.zip" };
        var aot = new Option<bool>("--aot") { Description = "Publish the handler with Native AOT instead of ReadyToRun." };
        var package = new Command("package", "Publish the handler self-contained for linux-x64 and assemble host.json, the function folders and config/ into a folder and a zip.");
        package.Options.Add(repo);
        package.Options.Add(output);
        package.Options.Add(zip);
        package.Options.Add(aot);
        package.SetAction(async (parse, ct) =>
        {
            var root = parse.GetValue(repo) ?? FindRepository(Directory.GetCurrentDirectory());
            if (root is null) { AnsiConsole.MarkupLine("[red]No NewsMonitor.sln above the current folder: pass --repo.[/]"); return 2; }
            try
            {
                var result = await FunctionsPackager.BuildAsync(new PackageOptions(root, parse.GetValue(output)!, parse.GetValue(zip)!, parse.GetValue(aot)),
                    line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"), ct);
                AnsiConsole.MarkupLineInterpolated($"package: {result.Folder} ({result.FolderBytes / 1048576.0:0.0} MiB); zip: {result.ZipFile} ({result.ZipBytes / 1048576.0:0.0} MiB); publish {result.PublishTime.TotalSeconds:0} s");
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or FileNotFoundException or IOException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
        });
        functions.Subcommands.Add(package);

        var folder = new Option<string>("--package") { Description = "The package folder.", DefaultValueFactory = _ => "artifacts/functions" };
        var starts = new Option<int>("--starts") { Description = "How many starts to measure.", DefaultValueFactory = _ => 20 };
        var coldstart = new Command("coldstart", "Start the packaged handler repeatedly and report the time to its first answer on GET / (median of the starts).");
        coldstart.Options.Add(folder);
        coldstart.Options.Add(starts);
        coldstart.SetAction(async (parse, ct) =>
        {
            var samples = new List<ColdStartSample>();
            try
            {
                for (int i = 0; i < Math.Max(1, parse.GetValue(starts)); i++)
                    samples.Add(await ColdStart.MeasureAsync(parse.GetValue(folder)!, new Dictionary<string, string>(), null, ct));
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or TimeoutException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
            var ready = samples.Select(s => s.Ready.TotalMilliseconds).Order().ToList();
            AnsiConsole.MarkupLineInterpolated($"{samples.Count} starts: ready (GET /) median [bold]{ready[ready.Count / 2]:0}[/] ms, min {ready[0]:0} ms, max {ready[^1]:0} ms");
            return 0;
        });
        functions.Subcommands.Add(coldstart);
        return functions;
    }

    private static string? FindRepository(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NewsMonitor.sln"))) return dir.FullName;
        return null;
    }
}
