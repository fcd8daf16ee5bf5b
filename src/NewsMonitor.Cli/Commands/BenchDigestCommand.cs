using System.CommandLine;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using NewsMonitor.Alerts;
using NewsMonitor.Analysis;
using NewsMonitor.Cli.Analysis;
using NewsMonitor.Cli.Dedup;
using NewsMonitor.Dedup;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Local.Email;
using NewsMonitor.Subscriptions;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon bench digest</c>: the daily digest for 10,000 subscribers with 200 stories of the day. Rendering
/// (matching each subscriber's rules, grouping, HTML and text) is measured by BenchmarkDotNet against a baseline in the
/// same run (the subscriber's stories serialised as JSON); then all the digests are rendered once, and, with
/// <c>--smtp host:port</c> (maildev), sent, each timed.
/// </summary>
internal static class BenchDigestCommand
{
    public static Command Create()
    {
        var corpus = CorpusOption.Create("JSONL(.gz) with id, title, body: the stories of the day are analysed from it.");
        var cooperation = new Option<string>("--ids") { Description = "Ids of cooperation articles to take the stories from.", DefaultValueFactory = _ => "../shared/eval/vi-news/cooperation_ids.txt" };
        var config = new Option<string>("--config") { Description = "Folder with taxonomy.json and gazetteer/.", DefaultValueFactory = _ => "config" };
        var subscribers = new Option<int>("--subscribers") { Description = "How many subscribers.", DefaultValueFactory = _ => 10_000 };
        var smtp = new Option<string?>("--smtp") { Description = "host:port of an SMTP server (maildev) to send every digest to; by default none are sent." };
        var quick = new Option<bool>("--quick") { Description = "A short BenchmarkDotNet run (a smoke test, not figures)." };
        var command = new Command("digest", "Digest rendering (and sending) for many subscribers, against a baseline.");
        foreach (var o in new Option[] { corpus, cooperation, config, subscribers, smtp, quick }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            if (CorpusOption.Existing(parse, corpus) is not { } path) return 2;
            var analyzer = AnalyzerInput.Load(parse.GetValue(config)!);
            var ids = File.Exists(parse.GetValue(cooperation)!) ? File.ReadLines(parse.GetValue(cooperation)!).Take(600).ToHashSet(StringComparer.Ordinal) : null;
            var stories = new List<StructuredSummary>();
            await foreach (var line in JsonlArticles.ReadAsync(path, ct))
            {
                if (line.Article is not { } a || ids is not null && !ids.Contains(a.Id)) continue;
                var paragraphs = AnalyzerInput.Paragraphs(a.Body);
                var analysis = analyzer.Analyze(AnalyzerInput.Title(a.Title, paragraphs), paragraphs);
                if (!analysis.Relevant) continue;
                var seen = DateTimeOffset.UnixEpoch.AddDays(20_400).AddMinutes(stories.Count * 7);
                var source = new SummarySource(a.Id, $"https://news.example/{a.Id}.html", a.Outlet ?? "Báo mẫu", AnalyzerInput.Title(a.Title, paragraphs), seen, seen, null, null);
                stories.Add(SummaryBuilder.Build(source, analysis, new ClusterRef(a.Id, true, [], FirstSeenAt: seen), Fingerprints.Compute(string.Join('\n', paragraphs))));
                if (stories.Count == 200) break;
            }
            DigestBenchmarks.Stories = stories.ToArray();
            DigestBenchmarks.Subscribers = MakeSubscribers(stories, parse.GetValue(subscribers));
            DigestBenchmarks.Renderer = new EmailRenderer(NewsMonitor.Config.Taxonomy.Load(Path.Combine(parse.GetValue(config)!, "taxonomy.json")), analyzer.Countries.NameOf,
                new SubscriberLinks(new SubscriptionTokens(new TokenOptions { Key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) }, TimeProvider.System), new Uri("http://127.0.0.1:8080/api/")));
            AnsiConsole.MarkupLineInterpolated($"{stories.Count} stories of the day, {DigestBenchmarks.Subscribers.Length:N0} subscribers.");

            if (InProcessBenchmarks.Run<DigestBenchmarks>(parse.GetValue(quick), nameof(DigestBenchmarks.Render)) is { } mean)
                AnsiConsole.MarkupLineInterpolated($"[bold]Rendering: {1e9 / mean:N0} digests per second on one core[/] (mean {mean / 1000:0.0} µs per subscriber).");

            // Every subscriber once, as the 07:00 run does; each digest is dropped once measured, as the stage does after sending.
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            int digests = 0;
            long characters = 0;
            foreach (var sub in DigestBenchmarks.Subscribers)
                if (DigestBenchmarks.RenderOne(sub) is { } mail)
                {
                    digests++;
                    characters += mail.Html.Length + mail.Text.Length;
                }
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            AnsiConsole.MarkupLineInterpolated($"All {DigestBenchmarks.Subscribers.Length:N0}: {watch.Elapsed.TotalSeconds:0.00} s, {digests:N0} digests (the others had no story), {characters / (double)digests / 1024:0} KB each on average, {allocated / (double)DigestBenchmarks.Subscribers.Length / 1024:0} KB allocated per subscriber.");

            if (parse.GetValue(smtp) is { } server)
            {
                // Render and send, subscriber by subscriber, over the sender's kept connections.
                var parts = server.Split(':');
                var options = new SmtpOptions { Host = parts[0], Port = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) };
                using var sender = new SmtpEmailSender(options, new EmailOptions());
                int sent = 0;
                watch.Restart();
                await Parallel.ForEachAsync(DigestBenchmarks.Subscribers, new ParallelOptions { MaxDegreeOfParallelism = options.MaxConnections, CancellationToken = ct }, async (sub, c) =>
                {
                    if (DigestBenchmarks.RenderOne(sub) is not { } mail) return;
                    await sender.SendAsync(mail, c);
                    Interlocked.Increment(ref sent);
                });
                watch.Stop();
                using var self = Process.GetCurrentProcess();
                AnsiConsole.MarkupLineInterpolated($"[bold]Rendered and sent {sent:N0} digests to {server}: {watch.Elapsed.TotalSeconds:0.0} s, {watch.Elapsed.TotalMilliseconds / sent:0.0} ms per digest[/] ({options.MaxConnections} SMTP connections kept open); peak working set of this process {self.PeakWorkingSet64 / 1048576.0:N0} MB.");
            }
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Subscribers as people subscribe (a fixed seed): a third take everything; the others one or two sectors and
    /// sometimes a partner, from those of the day; half read Vietnamese, half English.
    /// </summary>
    private static Subscription[] MakeSubscribers(IReadOnlyList<StructuredSummary> stories, int count)
    {
        var random = new Random(7);
        var sectors = stories.SelectMany(s => s.Sectors.Select(x => x.Id)).Distinct().Order(StringComparer.Ordinal).ToArray();
        var partners = stories.SelectMany(s => s.PartnerCountries.Select(c => c.Code)).Distinct().Order(StringComparer.Ordinal).ToArray();
        return Enumerable.Range(0, count).Select(i =>
        {
            bool everything = random.Next(3) == 0;
            var chosenSectors = everything ? [] : random.GetItems(sectors, random.Next(1, 3)).Distinct().ToList();
            var chosenPartners = everything || random.Next(2) == 0 ? [] : random.GetItems(partners, 1).ToList();
            return new Subscription($"s{i:D5}", $"reader{i}@example.vn", i % 2 == 0 ? "vi" : "en", chosenSectors, chosenPartners, [], false, true);
        }).ToArray();
    }
}

/// <summary>One subscriber's daily digest: match the day's stories against the rules, group them, render HTML and text.</summary>
[MemoryDiagnoser]
public class DigestBenchmarks
{
    /// <summary>Subscribers per invocation.</summary>
    public const int Batch = 100;

    internal static StructuredSummary[] Stories { get; set; } = [];
    internal static Subscription[] Subscribers { get; set; } = [];
    internal static EmailRenderer Renderer { get; set; } = null!;

    private static IEnumerable<DigestStory> Matching(Subscription sub) =>
        Stories.Where(s => AlertMatcher.Match(sub, s) is not null).Select(s => new DigestStory(s, [new OutletLink(s.Outlet, s.Url, s.Id)]));

    internal static EmailMessage? RenderOne(Subscription sub)
    {
        var stories = Matching(sub).ToList();
        return stories.Count == 0 ? null : Renderer.RenderDigest(sub, "2025-11-01", stories);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "baseline: the subscriber's stories as JSON")]
    public int Json()
    {
        int n = 0;
        for (int i = 0; i < Batch; i++)
            n += Domain.Json.ToText(Matching(Subscribers[i]).Select(s => new { s.Representative.Title, s.Representative.Url, s.Representative.Summary }).ToList()).Length;
        return n;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "newsmonitor: match, group and render the digest")]
    public int Render()
    {
        int n = 0;
        for (int i = 0; i < Batch; i++) n += RenderOne(Subscribers[i])?.Html.Length ?? 0;
        return n;
    }
}
