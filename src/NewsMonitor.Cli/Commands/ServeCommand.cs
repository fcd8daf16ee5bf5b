using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewsMonitor.Functions;
using NewsMonitor.Local.Hosting;
using NewsMonitor.Subscriptions;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon serve</c>: the subscription pages of the HTTP functions (subscribe, confirm, preferences, unsubscribe), on
/// the embedded default: subscriptions in the local SQLite store, emails to the outbox or an SMTP server. With
/// <c>--watch</c> the timers run too, as in <c>newsmon watch</c>.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var common = new CommonOptions();
        var port = new Option<int>("--port") { Description = "Port to listen on.", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to listen on. The default serves this machine only.", DefaultValueFactory = _ => "127.0.0.1" };
        var watch = new Option<bool>("--watch") { Description = "Also run the timers (feeds every 15 minutes, the digest at 07:00 Vietnam time)." };
        var command = new Command("serve", "Serve the subscription pages (subscribe, confirm, preferences, unsubscribe) in Vietnamese and English. Ctrl+C stops.");
        common.AddTo(command);
        foreach (var o in new Option[] { port, host, watch }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var options = common.Read(parse);
            var listen = $"http://{parse.GetValue(host)}:{parse.GetValue(port)}";
            if (parse.GetValue(common.PublicUrl) is null) options.PublicBaseUrl = new Uri($"{listen}/api/"); // the links lead here
            using var app = CommonOptions.TryCreate(options);
            if (app is null) return 2;

            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls(listen);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton(SubscriptionSite.Create(app.Subscriptions, app.Taxonomy, app.Gazetteer, app.Links, app.Store, TimeProvider.System));
            await using var web = builder.Build();
            web.MapGet("/", () => Results.Redirect("/api/subscribe"));
            web.MapGet("/api/health", () => Results.Json(new { status = "ok" }));
            web.MapGroup("/api").MapSubscriptionPages(ClientAddressSource.Connection);
            try { await web.StartAsync(ct); }
            catch (IOException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]Cannot listen on {listen}:[/] {e.Message}");
                return 2;
            }
            AnsiConsole.MarkupLineInterpolated($"[bold]NewsMonitor[/] pages on [blue]{listen}/api/subscribe[/] · links in emails to [blue]{options.PublicBaseUrl}[/] · email {(string.IsNullOrEmpty(options.Smtp.Host) ? $"to {Path.GetFullPath(options.OutboxFolder)}" : $"via {options.Smtp.Host}:{options.Smtp.Port}")}");
            if (parse.GetValue(watch))
                await app.Pipeline.WatchAsync((name, at) => AnsiConsole.MarkupLineInterpolated($"{DateTimeOffset.Now:HH:mm:ss} timer [blue]{name}[/] at {at:u}"), ct);
            else
                await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, CancellationToken.None);
            await web.StopAsync(CancellationToken.None);
            return 0;
        });
        return command;
    }
}
