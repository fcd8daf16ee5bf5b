using System.Text.Json;

namespace NewsMonitor.Config;

/// <summary>A configuration file is invalid. The message names the file, the JSON path and what is wrong.</summary>
public sealed class ConfigException(string file, string jsonPath, string problem, Exception? inner = null)
    : Exception($"{file}: {jsonPath}: {problem}", inner)
{
    public string File { get; } = file;

    public string JsonPath { get; } = jsonPath;

    public string Problem { get; } = problem;
}

/// <summary>
/// Reads a JSON configuration file with validation: every accessor knows its JSON path and throws
/// <see cref="ConfigException"/> naming the file, the path and the problem.
/// </summary>
public readonly struct ConfigNode
{
    private readonly JsonElement _element;

    public string File { get; }

    public string Path { get; }

    private ConfigNode(string file, string path, JsonElement element) { File = file; Path = path; _element = element; }

    public static ConfigNode Load(string file)
    {
        if (!System.IO.File.Exists(file)) throw new ConfigException(file, "$", "file not found");
        try
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return new ConfigNode(file, "$", doc.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new ConfigException(file, e.Path is { Length: > 0 } p ? p : "$", $"not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message.Split(" Path:")[0]}", e);
        }
    }

    /// <summary>Reads JSON text that came from somewhere other than a file (an HTTP body); <paramref name="source"/> names it in errors.</summary>
    public static ConfigNode Parse(string json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return new ConfigNode(source, "$", doc.RootElement.Clone());
        }
        catch (JsonException e)
        {
            throw new ConfigException(source, "$", $"not valid JSON: {e.Message.Split(" Path:")[0]}", e);
        }
    }

    public ConfigException Error(string problem) => new(File, Path, problem);

    public JsonValueKind Kind => _element.ValueKind;

    public bool Has(string name) => _element.ValueKind == JsonValueKind.Object && _element.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public ConfigNode Required(string name)
    {
        if (_element.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {Describe(_element)}");
        if (!_element.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) throw new ConfigException(File, $"{Path}.{name}", "is required");
        return new ConfigNode(File, $"{Path}.{name}", v);
    }

    public ConfigNode? Optional(string name) => Has(name) ? Required(name) : null;

    public string String()
    {
        if (_element.ValueKind != JsonValueKind.String) throw Error($"expected a string, found {Describe(_element)}");
        var s = _element.GetString()!;
        if (string.IsNullOrWhiteSpace(s)) throw Error("must not be empty");
        return s;
    }

    public string RequiredString(string name) => Required(name).String();

    public string? OptionalString(string name) => Optional(name)?.String();

    public bool OptionalBool(string name, bool fallback)
    {
        if (Optional(name) is not { } n) return fallback;
        return n._element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw n.Error($"expected true or false, found {Describe(n._element)}"),
        };
    }

    public double Number()
    {
        if (_element.ValueKind != JsonValueKind.Number) throw Error($"expected a number, found {Describe(_element)}");
        return _element.GetDouble();
    }

    public IEnumerable<ConfigNode> Items()
    {
        if (_element.ValueKind != JsonValueKind.Array) throw Error($"expected an array, found {Describe(_element)}");
        int i = 0;
        foreach (var e in _element.EnumerateArray()) yield return new ConfigNode(File, $"{Path}[{i++}]", e);
    }

    public IEnumerable<(string Name, ConfigNode Value)> Properties()
    {
        if (_element.ValueKind != JsonValueKind.Object) throw Error($"expected an object, found {Describe(_element)}");
        foreach (var p in _element.EnumerateObject()) yield return (p.Name, new ConfigNode(File, $"{Path}.{p.Name}", p.Value));
    }

    public IReadOnlyList<string> StringList(string name) => Optional(name) is { } n ? n.Items().Select(i => i.String()).ToList() : [];

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Truncate(e.GetString()!)}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        _ => "null",
    };

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
