using System.CommandLine;
using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewsMonitor.Azure;
using NewsMonitor.Azure.Queues;
using NewsMonitor.Cli.Functions;
using NewsMonitor.Ports;
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
        var package = new Command("package", "Publish the handler self-contained for linux-x64 and assemble host.json, the function folders and config/ into a folder and a zip.");
        package.Options.Add(repo);
        package.Options.Add(output);
        package.Options.Add(zip);
        package.SetAction(async (parse, ct) =>
        {
            var root = parse.GetValue(repo) ?? FindRepository(Directory.GetCurrentDirectory());
            if (root is null) { AnsiConsole.MarkupLine("[red]No NewsMonitor.sln above the current folder: pass --repo.[/]"); return 2; }
            try
            {
                var result = await FunctionsPackager.BuildAsync(new PackageOptions(root, parse.GetValue(output)!, parse.GetValue(zip)!),
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

        var benchStorage = new Option<string>("--storage") { Description = "A storage connection string, e.g. Azurite's (start it with --skipApiVersionCheck).", Required = true };
        var articles = new Option<int>("--articles") { Description = "Raw pages to classify and store for the throughput figure.", DefaultValueFactory = _ => 300 };
        var benchCorpus = CorpusOption.Create("JSONL(.gz) of articles (id, title, body) laid out as pages for the throughput run.");
        var benchSources = new Option<string>("--sources") { Description = "The sources the handler polls for the warm-up (the offline samples).", DefaultValueFactory = _ => "samples/sources.json" };
        var bench = new Command("bench", "Cold starts of the packaged handler (to GET / and to a first ClassifyArticle) and throughput from raw blob to stored summary over a storage account, with the host played by newsmon.");
        bench.Options.Add(folder);
        bench.Options.Add(starts);
        bench.Options.Add(benchStorage);
        bench.Options.Add(articles);
        bench.Options.Add(benchSources);
        bench.Options.Add(benchCorpus);
        bench.SetAction(async (parse, ct) =>
        {
            FunctionsBenchResult r;
            try
            {
                r = await FunctionsBench.RunAsync(parse.GetValue(folder)!, parse.GetValue(benchStorage)!, parse.GetValue(benchSources)!, parse.GetValue(benchCorpus)!, Math.Max(1, parse.GetValue(starts)),
                    Math.Max(1, parse.GetValue(articles)), line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"), ct);
            }
            catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or TimeoutException or HttpRequestException or AggregateException or global::Azure.RequestFailedException)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return 1;
            }
            static double Median(IEnumerable<double> values) { var v = values.Order().ToList(); return v[v.Count / 2]; }
            AnsiConsole.MarkupLineInterpolated($"package {r.PackageBytes / 1048576.0:0.0} MiB; {r.Starts.Count} cold starts: ready median [bold]{Median(r.Starts.Select(s => s.Ready.TotalMilliseconds)):0}[/] ms, first ClassifyArticle completed median [bold]{Median(r.Starts.Select(s => s.FirstInvocation!.Value.TotalMilliseconds)):0}[/] ms");
            AnsiConsole.MarkupLineInterpolated($"throughput: {r.Articles} raw pages to stored summaries in {r.DrainTime.TotalSeconds:0.0} s = [bold]{r.Articles / r.DrainTime.TotalSeconds:0.0}[/] articles/s on one handler process");
            if (r.Processor is { } cpu)
            {
                double PerArticle(TimeSpan t) => t.TotalMilliseconds / r.Articles;
                var rest = cpu.Rest is { } other ? $", the rest of the machine (the storage emulator when it runs here) {PerArticle(other):0.0} ms" : "";
                double busy = ((cpu.Handler + cpu.Harness + (cpu.Rest ?? TimeSpan.Zero)) / r.DrainTime) / cpu.Processors;
                AnsiConsole.MarkupLineInterpolated($"processor time per article: handler {PerArticle(cpu.Handler):0.0} ms, newsmon playing the host {PerArticle(cpu.Harness):0.0} ms{rest}; {(cpu.Rest is null ? "" : $"the {cpu.Processors} processors were {busy:P0} busy")}");
            }
            // Invocations overlap (16 at a time, as the host's batchSize), so latencies are per invocation, not shares of the run.
            var table = new Table().Border(TableBorder.Rounded).Title("per invocation, 16 concurrent").AddColumn("function").AddColumn(new TableColumn("invocations").RightAligned()).AddColumn(new TableColumn("mean ms").RightAligned());
            foreach (var (name, (count, time)) in r.Timings.OrderByDescending(t => t.Value.Time))
                table.AddRow(name, count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{time.TotalMilliseconds / count:0.0}");
            AnsiConsole.Write(table);
            return 0;
        });
        functions.Subcommands.Add(bench);
        functions.Subcommands.Add(PoisonCommand());
        return functions;
    }

    /// <summary>
    /// <c>newsmon functions poison list|show|replay|purge [QUEUE]</c> over the storage account in the same settings the
    /// app reads (<c>AzureWebJobsStorage</c>, a connection string or <c>__accountName</c>/<c>__queueServiceUri</c> with
    /// the signed-in identity), from the environment or <c>--storage</c>.
    /// </summary>
    private static Command PoisonCommand()
    {
        var storage = new Option<string?>("--storage") { Description = "A storage connection string (default: the AzureWebJobsStorage settings in the environment)." };
        var max = new Option<int>("--max") { Description = "At most this many messages.", DefaultValueFactory = _ => 32 };
        var queue = new Argument<string>("queue") { Description = "A queue of the stage graph (fetch-article, store-summary, match-alerts, deliver-alert, deliver-digest) or webjobs-blobtrigger-poison." };
        var poison = new Command("poison", "See, send back or drop the messages the Functions host moved to poison queues.");

        var list = new Command("list", "Messages waiting in each poison queue.");
        list.Options.Add(storage);
        list.SetAction((parse, ct) => WithPoisonQueues(parse.GetValue(storage), async (tool, _) =>
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("queue").AddColumn("poison queue").AddColumn(new TableColumn("messages").RightAligned());
            foreach (var q in await tool.ListAsync(ct)) table.AddRow(q.Queue, q.PoisonQueue, q.Messages.ToString(System.Globalization.CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            return 0;
        }));

        var show = new Command("show", "Print the messages of one poison queue, left in place.");
        show.Arguments.Add(queue);
        show.Options.Add(storage);
        show.Options.Add(max);
        show.SetAction((parse, ct) => WithPoisonQueues(parse.GetValue(storage), async (tool, _) =>
        {
            foreach (var m in await tool.ShowAsync(parse.GetValue(queue)!, parse.GetValue(max), ct))
                AnsiConsole.MarkupLineInterpolated($"[bold]{m.MessageId}[/] inserted {m.InsertedOn:u}, delivered {m.DequeueCount}×\n{m.Text}\n");
            return 0;
        }));

        var replay = new Command("replay", "Send the messages of one poison queue back to their queue (for the blob trigger: write the named raw blob again under a new name, which fires ClassifyArticle).");
        replay.Arguments.Add(queue);
        replay.Options.Add(storage);
        replay.Options.Add(max);
        replay.SetAction((parse, ct) => WithPoisonQueues(parse.GetValue(storage), async (tool, services) =>
        {
            var blobs = services.GetRequiredService<IBlobStore>();
            int replayed = await tool.ReplayAsync(parse.GetValue(queue)!, parse.GetValue(max), async (container, name, token) =>
            {
                var path = $"{container}/{name}";
                var content = await blobs.ReadAsync(path, token) ?? throw new InvalidOperationException($"blob {path} no longer exists");
                // Blobs are written once, so the trigger fires again for a copy under a new name; the article keeps its id.
                var copy = $"{container}/{Path.GetFileNameWithoutExtension(name)}.replay-{DateTime.UtcNow:yyyyMMddHHmmss}{Path.GetExtension(name)}";
                await blobs.WriteAsync(copy, content, token);
            }, ct);
            AnsiConsole.MarkupLineInterpolated($"{replayed} message(s) sent back");
            return 0;
        }));

        var purge = new Command("purge", "Drop every message of one poison queue.");
        purge.Arguments.Add(queue);
        purge.Options.Add(storage);
        purge.SetAction((parse, ct) => WithPoisonQueues(parse.GetValue(storage), async (tool, _) =>
        {
            AnsiConsole.MarkupLineInterpolated($"{await tool.PurgeAsync(parse.GetValue(queue)!, ct)} message(s) dropped");
            return 0;
        }));

        poison.Subcommands.Add(list);
        poison.Subcommands.Add(show);
        poison.Subcommands.Add(replay);
        poison.Subcommands.Add(purge);
        return poison;
    }

    private static async Task<int> WithPoisonQueues(string? connection, Func<PoisonQueues, IServiceProvider, Task<int>> action)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables();
        if (connection is not null) configuration.AddInMemoryCollection([new("AzureWebJobsStorage", connection)]);
        var services = new ServiceCollection();
        try
        {
            services.AddAzureStorage(configuration.Build());
            await using var provider = services.BuildServiceProvider();
            return await action(new PoisonQueues(provider.GetRequiredService<QueueServiceClient>()), provider);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or InvalidDataException or RequestFailedException or AggregateException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return e is ArgumentException ? 2 : 1;
        }
    }

    private static string? FindRepository(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NewsMonitor.sln"))) return dir.FullName;
        return null;
    }
}
