using System.Text.Json;

namespace NewsMonitor.Functions;

/// <summary>What the handler reads from the app's host.json, so that it and the host agree.</summary>
public static class HostJson
{
    /// <summary><c>extensions.queues.maxDequeueCount</c>, or null when the file or the value is absent.</summary>
    public static int? MaxDequeueCount(string appRoot)
    {
        var file = Path.Combine(appRoot, "host.json");
        if (!File.Exists(file)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            return doc.RootElement.TryGetProperty("extensions", out var e) && e.TryGetProperty("queues", out var q)
                   && q.TryGetProperty("maxDequeueCount", out var m) && m.TryGetInt32(out var n) ? n : null;
        }
        catch (JsonException) { return null; } // the host itself reports a broken host.json
    }
}
