using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text.Json;
using NewsMonitor.Dedup;

namespace NewsMonitor.Cli.Dedup;

/// <summary>One line of an articles file: the article, or why the line was rejected.</summary>
internal sealed record ArticleLine(int Number, DedupInput? Article, string? Error);

/// <summary>
/// Reads articles from JSON Lines (gzip when the name ends in .gz): <c>id</c> and <c>body</c> (strings) are required;
/// <c>title</c>, <c>url</c>, <c>outlet</c> (strings) and <c>published</c> (ISO 8601) are optional; other fields are ignored.
/// A bad line is returned with its error and reading goes on.
/// </summary>
internal static class JsonlArticles
{
    public static async IAsyncEnumerable<ArticleLine> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var file = File.OpenRead(path);
        await using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        int number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            yield return Parse(number, line);
        }
    }

    internal static ArticleLine Parse(int number, string line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new(number, null, "not a JSON object");
            if (Text(root, "id") is not { Length: > 0 } id) return new(number, null, "no \"id\" (a non-empty string)");
            if (Text(root, "body") is not { } body) return new(number, null, $"article {id}: no \"body\" (a string)");
            DateTimeOffset? published = null;
            if (Text(root, "published") is { Length: > 0 } when)
            {
                if (!DateTimeOffset.TryParse(when, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
                    return new(number, null, $"article {id}: \"published\" is not a date ({Shorten(when)})");
                published = at;
            }
            return new(number, new DedupInput(id, Text(root, "title"), body, Text(root, "url"), Text(root, "outlet"), published), null);
        }
        catch (JsonException e)
        {
            return new(number, null, "not valid JSON: " + e.Message.Split('\n')[0]);
        }
        catch (InvalidOperationException e)
        {
            return new(number, null, e.Message);
        }
    }

    /// <summary>A string property; null when absent or null; <see cref="InvalidOperationException"/> (naming it) when of another type.</summary>
    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw new InvalidOperationException($"\"{name}\" is a {value.ValueKind.ToString().ToLowerInvariant()}, not a string");
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
