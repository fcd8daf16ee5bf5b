using System.CommandLine;
using NewsMonitor.Config;
using NewsMonitor.Local.Hosting;
using Spectre.Console;

namespace NewsMonitor.Cli.Commands;

/// <summary>Options shared by the commands that run the pipeline.</summary>
internal sealed class CommonOptions
{
    public Option<string> Sources { get; } = new("--sources") { Description = "Sources file (RSS/Atom feeds). Default: the bundled offline samples.", DefaultValueFactory = _ => "samples/sources.json" };
    public Option<string?> Subscriptions { get; } = new("--subscriptions") { Description = "Subscriptions file to load into the store (use \"\" for none).", DefaultValueFactory = _ => "samples/subscriptions.json" };
    public Option<string> Config { get; } = new("--config") { Description = "Folder with taxonomy.json and gazetteer/.", DefaultValueFactory = _ => "config" };
    public Option<string> Data { get; } = new("--data") { Description = "Folder for the SQLite file, blobs and the email outbox.", DefaultValueFactory = _ => ".data" };
    public Option<string?> Smtp { get; } = new("--smtp") { Description = "Send email through this SMTP server (host:port) instead of writing .eml files to the outbox." };
    public Option<bool> SmtpTls { get; } = new("--smtp-tls") { Description = "Require STARTTLS on the SMTP connection." };
    public Option<string?> From { get; } = new("--from") { Description = "Sender address of emails.", DefaultValueFactory = _ => "NewsMonitor <newsmonitor@localhost>" };
    public Option<Uri?> PublicUrl { get; } = new("--public-url") { Description = "Where subscribers reach the subscription pages (newsmon serve), for the links in emails. Default: http://127.0.0.1:8080/api/." };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Sources, Subscriptions, Config, Data, Smtp, SmtpTls, From, PublicUrl }) command.Options.Add(o);
    }

    public LocalAppOptions Read(ParseResult parse)
    {
        var options = new LocalAppOptions
        {
            Sources = parse.GetValue(Sources)!,
            Subscriptions = parse.GetValue(Subscriptions),
            Config = parse.GetValue(Config)!,
            Data = parse.GetValue(Data)!,
        };
        options.Email.From = parse.GetValue(From)!;
        if (parse.GetValue(PublicUrl) is { } publicUrl) options.PublicBaseUrl = publicUrl;
        if (parse.GetValue(Smtp) is { Length: > 0 } smtp)
        {
            var parts = smtp.Split(':');
            options.Smtp.Host = parts[0];
            if (parts.Length > 1 && int.TryParse(parts[1], out var port)) options.Smtp.Port = port;
            options.Smtp.UseTls = parse.GetValue(SmtpTls);
        }
        return options;
    }

    /// <summary>Creates the app, turning a configuration error into a clear message and exit code 2.</summary>
    public static LocalApp? TryCreate(LocalAppOptions options)
    {
        try
        {
            return new LocalApp(options, TimeProvider.System);
        }
        catch (ConfigException e)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Configuration error:[/] {e.Message}");
            return null;
        }
    }
}

/// <summary>The <c>--corpus</c> option of the commands that read the vi-news corpus, and its check.</summary>
internal static class CorpusOption
{
    public const string Default = "../shared/eval/vi-news/corpus.jsonl.gz";

    public static Option<string> Create(string description) => new("--corpus") { Description = description, DefaultValueFactory = _ => Default };

    /// <summary>The corpus path given, or null after saying that no such file exists.</summary>
    public static string? Existing(ParseResult parse, Option<string> option)
    {
        var path = parse.GetValue(option)!;
        if (File.Exists(path)) return path;
        AnsiConsole.MarkupLineInterpolated($"[red]Corpus not found:[/] {path}");
        return null;
    }
}
