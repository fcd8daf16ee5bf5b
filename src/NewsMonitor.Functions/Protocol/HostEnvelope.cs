using System.Text;
using System.Text.Json;

namespace NewsMonitor.Functions.Protocol;

/// <summary>Request bodies in the shapes the Functions host sends (azure-functions.md §1.3), double encoding included.</summary>
public static class HostEnvelope
{
    private static object Sys(string method, DateTimeOffset? utcNow = null) =>
        new { MethodName = method, UtcNow = (utcNow ?? new DateTimeOffset(2025, 11, 1, 1, 0, 0, TimeSpan.Zero)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture), RandGuid = Guid.NewGuid().ToString() };

    /// <summary>A string value as the host serialises it: JSON-serialised once more.</summary>
    public static string Twice(string text) => JsonSerializer.Serialize(text);

    public static string Timer(string function, DateTimeOffset? utcNow = null) =>
        JsonSerializer.Serialize(new { Data = new { timer = new { Schedule = new { AdjustForDST = true }, ScheduleStatus = (object?)null, IsPastDue = false } }, Metadata = new { sys = Sys(function, utcNow) } });

    /// <summary>A queue message: Data carries the message text serialised twice; Metadata the queue fields as strings and the message's top-level properties.</summary>
    public static string Queue(string function, string messageJson, int dequeueCount = 1)
    {
        var metadata = new Dictionary<string, object?>
        {
            ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Id"] = Twice(Guid.NewGuid().ToString()),
            ["PopReceipt"] = Twice("AgAAAAMAAAAAAAAA"),
            ["InsertionTime"] = "2025-11-01T00:59:59+00:00",
            ["sys"] = Sys(function),
        };
        try
        {
            // The host adds a JSON message's top-level properties as binding data; a message that is not JSON has none.
            using var doc = JsonDocument.Parse(messageJson);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var p in doc.RootElement.EnumerateObject())
                    if (p.Value.ValueKind != JsonValueKind.Array) metadata[p.Name] = Twice(p.Value.ToString());
        }
        catch (JsonException) { }
        return "{\"Data\":{\"message\":" + JsonSerializer.Serialize(Twice(messageJson)) + "},\"Metadata\":" + JsonSerializer.Serialize(metadata) + "}";
    }

    /// <summary>A blob trigger with <c>"dataType": "binary"</c>: content as base64, the blob's Uri and name double-encoded.</summary>
    public static string Blob(string function, string name, byte[]? content, string uri) =>
        JsonSerializer.Serialize(new
        {
            Data = new Dictionary<string, object?> { ["raw"] = content is null ? null : Convert.ToBase64String(content) },
            Metadata = new Dictionary<string, object?>
            {
                ["Uri"] = Twice(uri),
                ["name"] = Twice(name),
                ["Properties"] = new { Length = content?.Length ?? 0, ContentType = "application/json" },
                ["sys"] = Sys(function),
            },
        });

    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");
}
