using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewsMonitor.Domain;

/// <summary>The one JSON shape of NewsMonitor's blobs and messages: camelCase, nulls omitted, Vietnamese kept readable.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    public static byte[] ToUtf8(object value, bool indented = false) => JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), indented ? Indented : Options);

    public static string ToText(object value, bool indented = false) => JsonSerializer.Serialize(value, value.GetType(), indented ? Indented : Options);

    /// <summary>Deserializes and names what is wrong when the payload does not fit <typeparamref name="T"/>.</summary>
    public static T Read<T>(ReadOnlySpan<byte> utf8, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new InvalidDataException($"{what}: empty JSON (null)");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what}: not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}
