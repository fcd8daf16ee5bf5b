using NewsMonitor.Domain;

namespace NewsMonitor.Config;

/// <summary>The sources file: feeds to poll and, for the offline samples, the mirror folder pages are served from.</summary>
public sealed record SourcesConfig(IReadOnlyList<Source> Sources, string? OfflineMirror, string File)
{
    public static SourcesConfig Load(string file)
    {
        var root = ConfigNode.Load(file);
        var dir = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var sources = new List<Source>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in root.Required("sources").Items())
        {
            var id = s.RequiredString("id");
            if (!ids.Add(id)) throw s.Required("id").Error($"duplicate source id '{id}'");
            var typeNode = s.Required("type");
            var type = typeNode.String().ToLowerInvariant() switch
            {
                "rss" => SourceType.Rss,
                "atom" => SourceType.Atom,
                var other => throw typeNode.Error($"unknown type '{other}' (expected rss or atom)"),
            };
            var urlNode = s.Required("url");
            var urlText = urlNode.String();
            Uri url;
            if (Uri.TryCreate(urlText, UriKind.Absolute, out var abs) && abs.Scheme is "http" or "https" or "file") url = abs;
            else if (!urlText.Contains("://", StringComparison.Ordinal)) url = new Uri(Path.GetFullPath(Path.Combine(dir, urlText)));
            else throw urlNode.Error($"'{urlText}' is not an http(s) URL, a file URI or a path relative to the sources file");
            var language = s.OptionalString("language") ?? "vi";
            sources.Add(new Source(id, s.OptionalString("name") ?? id, s.OptionalString("outlet") ?? s.OptionalString("name") ?? url.Host, type, url, language));
        }
        var mirror = root.OptionalString("offlineMirror") is { } m ? Path.GetFullPath(Path.Combine(dir, m)) : null;
        if (mirror is not null && !Directory.Exists(mirror)) throw root.Required("offlineMirror").Error($"folder '{mirror}' does not exist");
        return new SourcesConfig(sources, mirror, file);
    }
}
