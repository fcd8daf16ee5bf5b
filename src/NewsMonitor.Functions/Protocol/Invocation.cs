using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NewsMonitor.Functions.Protocol;

/// <summary>An envelope that does not have the shape the Functions host sends: the invocation is refused with 400.</summary>
public sealed class EnvelopeException(string message) : Exception(message);

/// <summary>
/// One invocation as the Functions host posts it to a custom handler: <c>{"Data": {binding: value}, "Metadata": {...}}</c>.
/// The host serialises every string value a second time (a queue message <c>{"id":"a"}</c> arrives as the JSON string
/// <c>"\"{\\\"id\\\":\\\"a\\\"}\""</c>), numbers as strings (<c>"DequeueCount":"1"</c>), and blob content as base64.
/// The readers here undo exactly that, and accept the plain forms too, so a host version that stops double-encoding
/// still works.
/// </summary>
public sealed class Invocation
{
    private readonly JsonElement _data;
    private readonly JsonElement _metadata;

    private Invocation(string functionName, JsonElement data, JsonElement metadata)
    {
        FunctionName = functionName;
        _data = data;
        _metadata = metadata;
    }

    public string FunctionName { get; }

    /// <summary>Parses a request body; throws <see cref="EnvelopeException"/> naming what is wrong.</summary>
    public static Invocation Parse(string functionName, ReadOnlyMemory<byte> body)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new EnvelopeException($"{functionName}: the request body is not JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Object) throw new EnvelopeException($"{functionName}: the request body is {root.ValueKind}, expected an object with Data and Metadata");
        var data = Property(root, "Data");
        var metadata = Property(root, "Metadata");
        if (data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            throw new EnvelopeException($"{functionName}: Data is {data.Value.ValueKind}, expected an object");
        if (metadata is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null) })
            throw new EnvelopeException($"{functionName}: Metadata is {metadata.Value.ValueKind}, expected an object");
        return new Invocation(functionName, data ?? default, metadata ?? default);
    }

    private static JsonElement? Property(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : null;

    public bool HasData(string binding) => Property(_data, binding) is { ValueKind: not JsonValueKind.Null };

    /// <summary>A trigger's payload as JSON text: double-encoded strings are unwrapped, objects are taken as they are.</summary>
    public string DataAsJsonText(string binding)
    {
        var value = Property(_data, binding) ?? throw new EnvelopeException($"{FunctionName}: Data has no '{binding}'");
        return value.ValueKind switch
        {
            JsonValueKind.Object or JsonValueKind.Array => value.GetRawText(),
            JsonValueKind.String => Unwrap(value.GetString()!),
            _ => throw new EnvelopeException($"{FunctionName}: Data.{binding} is {value.ValueKind}, expected a message"),
        };
    }

    /// <summary>A trigger's payload deserialised as <typeparamref name="T"/>; <see cref="EnvelopeException"/> when it does not fit.</summary>
    public T Data<T>(string binding)
    {
        var text = DataAsJsonText(binding);
        try
        {
            return JsonSerializer.Deserialize<T>(text, Domain.Json.Options) ?? throw new EnvelopeException($"{FunctionName}: Data.{binding} is null");
        }
        catch (JsonException e)
        {
            throw new EnvelopeException($"{FunctionName}: Data.{binding} is not a {typeof(T).Name}: {e.Message}");
        }
    }

    /// <summary>Binary content (a blob with <c>"dataType": "binary"</c>): a base64 string, possibly JSON-quoted once more.</summary>
    public byte[] DataAsBytes(string binding)
    {
        var value = Property(_data, binding) ?? throw new EnvelopeException($"{FunctionName}: Data has no '{binding}'");
        if (value.ValueKind != JsonValueKind.String) throw new EnvelopeException($"{FunctionName}: Data.{binding} is {value.ValueKind}, expected base64 content");
        var text = value.GetString()!;
        if (text.StartsWith('"')) text = Unwrap(text);
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { throw new EnvelopeException($"{FunctionName}: Data.{binding} is not base64"); }
    }

    /// <summary>A metadata value as text (<c>"\"a1\""</c> → <c>a1</c>, <c>"1"</c> → <c>1</c>), or null when absent.</summary>
    public string? Metadata(string key)
    {
        if (Property(_metadata, key) is not { } value || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => Unwrap(value.GetString()!),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => value.GetRawText(),
        };
    }

    /// <summary>How many times the queue has delivered this message (1 on the first try), or null for other triggers.</summary>
    public int? DequeueCount =>
        Metadata("DequeueCount") is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>The retry policy's <c>RetryContext</c> (timers with a <c>retry</c> in function.json): this retry and the most there will be.</summary>
    public (int RetryCount, int MaxRetryCount)? RetryContext
    {
        get
        {
            if (Property(_metadata, "RetryContext") is not { } value || value.ValueKind == JsonValueKind.Null) return null;
            JsonElement context;
            if (value.ValueKind == JsonValueKind.String)
            {
                try { using var doc = JsonDocument.Parse(Unwrap(value.GetString()!)); context = doc.RootElement.Clone(); }
                catch (JsonException) { return null; }
            }
            else context = value;
            return Int(context, "RetryCount") is { } retry && Int(context, "MaxRetryCount") is { } max ? (retry, max) : null;

            static int? Int(JsonElement e, string name) =>
                e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
                    ? v.ValueKind == JsonValueKind.Number ? v.GetInt32() : int.TryParse(Unwrap(v.ToString()), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null
                    : null;
        }
    }

    /// <summary>The host's clock at invocation (<c>Metadata.sys.UtcNow</c>), when sent.</summary>
    public DateTimeOffset? UtcNow =>
        Property(_metadata, "sys") is { ValueKind: JsonValueKind.Object } sys && Property(sys, "UtcNow") is { ValueKind: JsonValueKind.String } now
        && DateTimeOffset.TryParse(Unwrap(now.GetString()!), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary>
    /// Undoes the host's second serialisation: a string whose content is a JSON string literal is decoded once more.
    /// Text that is not a quoted literal is returned as it is.
    /// </summary>
    public static string Unwrap(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"')
        {
            try { return JsonSerializer.Deserialize<string>(trimmed) ?? text; }
            catch (JsonException) { return text; }
        }
        return text;
    }
}

/// <summary>
/// The answer to the host: <c>{"Outputs": {binding: value}, "Logs": [...], "ReturnValue": null}</c>. Queue outputs are
/// arrays of JSON objects (one message each), never bare strings, which the host may take for base64 and decode.
/// </summary>
public sealed class InvocationResult
{
    public Dictionary<string, JsonNode?> Outputs { get; } = new(StringComparer.Ordinal);

    public List<string> Logs { get; } = [];

    /// <summary>Adds one message, already serialised as JSON, to a queue output binding (an array of objects).</summary>
    public void AddMessage(string binding, byte[] utf8Json)
    {
        if (!Outputs.TryGetValue(binding, out var node) || node is not JsonArray array) Outputs[binding] = array = [];
        var element = JsonNode.Parse(utf8Json) ?? throw new InvalidOperationException($"message for '{binding}' is null");
        if (element is not JsonObject) throw new InvalidOperationException($"message for '{binding}' must be a JSON object, not {element.GetValueKind()}");
        array.Add(element);
    }

    public string ToJson()
    {
        var root = new JsonObject
        {
            [nameof(Outputs)] = new JsonObject(Outputs.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))),
            [nameof(Logs)] = new JsonArray(Logs.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
            ["ReturnValue"] = null,
        };
        return root.ToJsonString(Domain.Json.Options);
    }

    public static string Utf8(byte[] content) => Encoding.UTF8.GetString(content);
}
