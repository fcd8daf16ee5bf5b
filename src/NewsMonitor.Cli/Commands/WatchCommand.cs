using System.CommandLine;
using NewsMonitor.Pipeline;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon watch</c>: the timers on their schedules (feeds every 15 minutes, the digest at 07:00 Vietnam time).</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var command = new Command("watch", "Run continuously: FetchFeeds every 15 minutes and DailyDigest at 07:00 Vietnam time (00:00 UTC). Ctrl+C stops.");
        common.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            using var app = CommonOptions.TryCreate(common.Read(parse));
            if (app is null) return 2;
            app.Pipeline.Report.OutcomeRecorded += (stage, o) =>
            {
                if (o.IsFailure || o.Code is OutcomeCodes.AlertSent or OutcomeCodes.DigestSent or OutcomeCodes.Relevant)
                    AnsiConsole.MarkupLineInterpolated($"{DateTimeOffset.Now:HH:mm:ss} [grey]{stage}[/] {o.Code} {o.Subject} {o.Detail}");
            };
            await app.Pipeline.WatchAsync((name, at) => AnsiConsole.MarkupLineInterpolated($"{DateTimeOffset.Now:HH:mm:ss} timer [blue]{name}[/] at {at:u}"), ct);
            return 0;
        });
        return command;
    }
}
