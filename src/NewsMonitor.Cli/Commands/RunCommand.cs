using System.CommandLine;
using NewsMonitor.Local.Hosting;
using NewsMonitor.Pipeline;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon run</c>: the whole graph once over the configured sources, with progress and a summary table.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("run", "Fetch the sources once, classify, store, alert and send the daily digest, then print a summary.");
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var app = CommonOptions.TryCreate(common.Read(parse));
            if (app is null) return 2;
            AnsiConsole.MarkupLineInterpolated($"[bold]NewsMonitor[/] · {app.Sources.Sources.Count} sources from [blue]{app.Options.Sources}[/] · data in [blue]{Path.GetFullPath(app.Options.Data)}[/]");
            var report = new RunReport { StartedAt = TimeProvider.System.GetUtcNow() };
            await AnsiConsole.Status().StartAsync("Running…", async ctx =>
            {
                report.OutcomeRecorded += (_, _) => ctx.Status(
                    $"fetched {report.Count(OutcomeCodes.Fetched)} · classified {report.Count(OutcomeCodes.Relevant) + report.Count(OutcomeCodes.NotRelevant)} · " +
                    $"alerts {report.Count(OutcomeCodes.AlertSent)} · failures {report.Failures.Count}");
                await app.RunOnceAsync(report, ct);
            });
            Summary.Print(report, app);
            return 0;
        });
        return command;
    }
}

/// <summary>The end-of-run summary table.</summary>
internal static class Summary
{
    public static void Print(RunReport r, LocalApp app)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Run summary[/]").AddColumn("What").AddColumn(new TableColumn("Count").RightAligned());
        void Row(string what, int n) => table.AddRow(Markup.Escape(what), n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("Feeds read", app.Sources.Sources.Count - r.Count(OutcomeCodes.FeedFailed) - r.Count(OutcomeCodes.FeedNotModified));
        Row("Feeds not modified", r.Count(OutcomeCodes.FeedNotModified));
        Row("New items queued", r.Count(OutcomeCodes.Queued));
        Row("Skipped: already seen", r.Count(OutcomeCodes.AlreadySeen));
        Row("Pages fetched", r.Count(OutcomeCodes.Fetched));
        Row("Skipped: too short", r.Count(OutcomeCodes.TooShort));
        Row("Duplicates (exact)", r.Count(OutcomeCodes.Duplicate));
        Row("Duplicates (near)", r.Count(OutcomeCodes.NearDuplicate));
        Row("Same story, another outlet's report", r.Count(OutcomeCodes.SameStory));
        Row("Relevant", r.Count(OutcomeCodes.Relevant));
        Row("Not relevant", r.Count(OutcomeCodes.NotRelevant));
        foreach (var (sector, n) in r.BySector.OrderByDescending(kv => kv.Value)) Row($"  sector {app.Taxonomy.Sector(sector).Label.En}", n);
        foreach (var (country, n) in r.ByCountry.OrderByDescending(kv => kv.Value)) Row($"  partner {country} {app.Analyzer.Countries.NameOf(country)}", n);
        Row("Alerts sent", r.Count(OutcomeCodes.AlertSent));
        Row("Alerts already sent earlier", r.Count(StageGraph.Names.DeliverAlert, OutcomeCodes.AlreadyDelivered));
        Row("Digests sent", r.Count(OutcomeCodes.DigestSent));
        Row("Digests already sent today", r.Count(StageGraph.Names.DeliverDigest, OutcomeCodes.AlreadyDelivered));
        Row("Failures", r.Failures.Count);
        AnsiConsole.Write(table);

        if (r.Failures.Count > 0)
        {
            AnsiConsole.MarkupLine("[bold red]Failures[/]");
            foreach (var (stage, o) in r.Failures) AnsiConsole.MarkupLineInterpolated($"  [red]{o.Code}[/] {stage}: {o.Subject} — {o.Detail}");
        }
        var skipped = r.Skipped.Where(s => s.Outcome.Code != OutcomeCodes.NotRelevant).ToList();
        if (skipped.Count > 0)
        {
            AnsiConsole.MarkupLine("[bold]Skipped and merged[/]");
            foreach (var (stage, o) in skipped) AnsiConsole.MarkupLineInterpolated($"  [yellow]{o.Code}[/] {o.Subject} — {o.Detail}");
        }
        var outbox = app.Options.OutboxFolder;
        if (Directory.Exists(outbox) && string.IsNullOrEmpty(app.Options.Smtp.Host))
            AnsiConsole.MarkupLineInterpolated($"Emails are in [blue]{Path.GetFullPath(outbox)}[/] ({Directory.GetFiles(outbox, "*.eml").Length} .eml files); structured summaries in [blue]{Path.Combine(app.Blobs.Root, "articles")}[/].");
    }
}
