using System.CommandLine;
using NewsMonitor.Domain;
using NewsMonitor.Extraction;
using NewsMonitor.Fetching;

namespace NewsMonitor.Cli.Commands;

/// <summary><c>newsmon extract FILE|URL…</c>: prints what the extractor finds on a page, as JSON.</summary>
internal static class ExtractCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("page") { Description = "HTML files or http(s) URLs.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("extract", "Extract title, time, author and body paragraphs from pages and print them as JSON.");
        command.Arguments.Add(inputs);
        command.SetAction(async (parse, ct) =>
        {
            using var http = PageFetcher.CreateHttpClient();
            var fetcher = new PageFetcher(http, new FetchOptions());
            var extractor = new ArticleExtractor();
            int failures = 0;
            foreach (var input in parse.GetValue(inputs)!)
            {
                var uri = Uri.TryCreate(input, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" or "file" ? u : new Uri(Path.GetFullPath(input));
                var response = await fetcher.FetchAsync(new FetchRequest(uri), ct);
                if (!response.Succeeded)
                {
                    await Console.Error.WriteLineAsync($"{input}: {response.Failure ?? $"HTTP {response.Status}"}");
                    failures++;
                    continue;
                }
                var decoded = CharsetDecoder.Decode(response.Body, response.Header("Content-Type"));
                var article = extractor.Extract(decoded.Text, uri.ToString());
                Console.WriteLine(Json.ToText(new { source = input, charset = decoded.Charset, article.Title, article.PublishedAt, article.Author, article.SiteName, article.CanonicalUrl, article.Language, article.Paragraphs }, indented: true));
            }
            return failures == 0 ? 0 : 1;
        });
        return command;
    }
}
