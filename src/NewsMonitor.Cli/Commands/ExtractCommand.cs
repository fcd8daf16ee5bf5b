using System.CommandLine;
using System.IO.Compression;
using System.Text;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Fetching;

namespace NewsMonitor.Cli.Commands;

/// <summary>
/// <c>newsmon extract FILE|URL|DIR…</c>: prints what the extractor finds on each page as JSON. With a directory and
/// <c>--out FILE</c>, writes one JSON object mapping each page's file name (without extension) to its result, with
/// <c>articleBody</c> holding the body paragraphs joined by newlines (the benchmark's format).
/// </summary>
internal static class ExtractCommand
{
    private sealed record Result(string Source, string Outcome, string? Charset, string? Title, DateTimeOffset? PublishedAt, string? Author,
        string? CanonicalUrl, string? Language, string? Lead, IReadOnlyList<string> Paragraphs, string ArticleBody, string? Reason = null);

    public static Command Create()
    {
        var inputs = new Argument<string[]>("page") { Description = "HTML files (.html, .html.gz), directories of them, or http(s) URLs.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("--out") { Description = "Write one JSON object {name: result} to this file instead of printing each result." };
        var command = new Command("extract", "Extract title, time, author, lead and body paragraphs from pages and print them as JSON.");
        command.Arguments.Add(inputs);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            using var http = PageFetcher.CreateHttpClient();
            var fetcher = new PageFetcher(http, new FetchOptions());
            var extractor = new ArticleExtractor();
            var results = new SortedDictionary<string, Result>(StringComparer.Ordinal);
            int failures = 0;
            foreach (var input in parse.GetValue(inputs)!)
            {
                var pages = Directory.Exists(input)
                    ? Directory.EnumerateFiles(input).Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal)
                    : new[] { input }.AsEnumerable();
                foreach (var page in pages)
                {
                    var result = await ExtractOneAsync(page, fetcher, extractor, ct);
                    if (result.Outcome != "ok") failures++;
                    if (parse.GetValue(output) is null) Console.WriteLine(Json.ToText(result, indented: true));
                    else results[NameOf(page)] = result;
                }
            }
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file, Json.ToText(results, indented: true), ct);
                await Console.Error.WriteLineAsync($"{results.Count} pages written to {file} ({failures} without an article)");
            }
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static string NameOf(string page)
    {
        var name = Path.GetFileName(page);
        foreach (var ext in new[] { ".html.gz", ".html", ".htm" })
            if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
        return name;
    }

    private static async Task<Result> ExtractOneAsync(string input, PageFetcher fetcher, ArticleExtractor extractor, CancellationToken ct)
    {
        byte[] bytes;
        string? contentType = null;
        if (Uri.TryCreate(input, UriKind.Absolute, out var u) && u.Scheme is "http" or "https")
        {
            var response = await fetcher.FetchAsync(new FetchRequest(u), ct);
            if (!response.Succeeded) return Failed(input, "fetch_failed", response.Failure ?? $"HTTP {response.Status}");
            bytes = response.Body;
            contentType = response.Header("Content-Type");
        }
        else
        {
            if (!File.Exists(input)) return Failed(input, "fetch_failed", "file not found");
            bytes = await File.ReadAllBytesAsync(input, ct);
            if (input.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    using var gz = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                    using var plain = new MemoryStream();
                    await gz.CopyToAsync(plain, ct);
                    bytes = plain.ToArray();
                }
                catch (InvalidDataException e) { return Failed(input, "not_html", $"not a gzip file: {e.Message}"); }
            }
        }
        var decoded = CharsetDecoder.Decode(bytes, contentType);
        var article = extractor.Extract(decoded.Text, u?.IsFile == false ? input : null);
        var outcome = article.Paragraphs.Count == 0 ? "empty_page" : "ok";
        return new Result(input, outcome, decoded.Charset, article.Title, article.PublishedAt, article.Author, article.CanonicalUrl, article.Language,
            article.Lead, article.Paragraphs, article.Body, outcome == "ok" ? null : "no article text found on the page");
    }

    private static Result Failed(string input, string outcome, string reason) => new(input, outcome, null, null, null, null, null, null, null, [], "", reason);
}
