using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Functions.Protocol;

namespace NewsMonitor.Cli.Functions;

/// <summary>
/// Plays the Functions host against the handler over real Azurite queues: what the function.json files declare is what
/// it does. Timer invocations are posted on demand; each queue output array becomes one message per element, sent
/// base64-encoded as the host's queue extension sends them; queue triggers receive from Azurite with a visibility
/// timeout and post the message with its real dequeue count; a 2xx deletes it, a failure leaves it to reappear, and a
/// message that failed <c>maxDequeueCount</c> times moves to <c>&lt;queue&gt;-poison</c>. A blob created under the
/// blob trigger's container fires <c>ClassifyArticle</c> with its content as base64, as Event Grid would.
/// </summary>
public sealed class FunctionsHostSimulator(HttpClient handler, QueueServiceClient queues, IBlobStore blobs, Uri blobEndpoint, string functionsFolder)
{
    public const string BlobTriggerPoisonQueue = "webjobs-blobtrigger-poison";

    private readonly Dictionary<string, JsonElement[]> _bindings = LoadBindings(functionsFolder);
    private readonly HashSet<string> _triggeredBlobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _blobAttempts = new(StringComparer.Ordinal);

    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>Invocations run at once per trigger, as the host's <c>batchSize</c> (16 in host.json).</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>How long a received message stays invisible; a failed one is made visible again at once to keep tests fast.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliver every message and blob trigger twice, as an at-least-once host may.</summary>
    public bool DeliverTwice { get; init; }

    private int _invocations;

    public int Invocations => _invocations;

    public List<string> Logs { get; } = [];

    /// <summary>Invocations and the time the handler took to answer them, by function.</summary>
    public Dictionary<string, (int Count, TimeSpan Time)> Timings { get; } = new(StringComparer.Ordinal);

    /// <summary>The function folders (each with a function.json): the package root, or <c>src/NewsMonitor.Functions/functions</c>.</summary>
    public static Dictionary<string, JsonElement[]> LoadBindings(string folder) =>
        Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "function.json"))).ToDictionary(d => Path.GetFileName(d), d =>
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(d, "function.json")));
            return doc.RootElement.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToArray();
        });

    private static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";

    private QueueClient Queue(string name) => queues.GetQueueClient(name);

    public async Task CreateQueuesAsync()
    {
        foreach (var b in _bindings.Values.SelectMany(x => x).Where(b => S(b, "type") is "queue" or "queueTrigger"))
        {
            await Queue(S(b, "queueName")).CreateIfNotExistsAsync();
            await Queue(S(b, "queueName") + "-poison").CreateIfNotExistsAsync();
        }
        await Queue(BlobTriggerPoisonQueue).CreateIfNotExistsAsync();
    }

    public async Task<int> FireTimerAsync(string function, DateTimeOffset? at = null)
    {
        var (ok, body) = await PostAsync(function, HostEnvelope.Timer(function, at));
        if (!ok) throw new InvalidOperationException($"timer {function} failed: {body}");
        await SendOutputsAsync(function, body);
        return Invocations;
    }

    /// <summary>Runs queue and blob triggers until a whole pass finds nothing to do.</summary>
    public async Task DrainAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (DateTime.UtcNow < deadline)
        {
            bool worked = await BlobTriggersAsync();
            foreach (var (function, bindings) in _bindings)
            {
                var trigger = bindings.FirstOrDefault(b => S(b, "type") == "queueTrigger");
                if (trigger.ValueKind == JsonValueKind.Undefined) continue;
                worked |= await QueueTriggerAsync(function, S(trigger, "queueName"));
            }
            if (!worked) return;
        }
        throw new TimeoutException("the simulated host did not drain in time");
    }

    private async Task<bool> QueueTriggerAsync(string function, string queueName)
    {
        var queue = Queue(queueName);
        QueueMessage[] batch = (await queue.ReceiveMessagesAsync(maxMessages: 16, visibilityTimeout: VisibilityTimeout)).Value;
        // The host runs a batch's messages concurrently (batchSize in host.json).
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (message, ct) =>
        {
            var text = message.Body.ToString();
            var envelope = HostEnvelope.Queue(function, text, (int)message.DequeueCount);
            var (ok, body) = await PostAsync(function, envelope);
            if (ok && DeliverTwice)
            {
                // At-least-once: the first delivery's outputs go out, and so do the second's.
                await SendOutputsAsync(function, body);
                (ok, body) = await PostAsync(function, envelope);
            }
            if (ok)
            {
                await SendOutputsAsync(function, body);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            }
            else if (message.DequeueCount >= MaxDequeueCount)
            {
                await Queue(queueName + "-poison").SendMessageAsync(text, ct);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
            }
            else await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
        });
        return batch.Length > 0;
    }

    private async Task<bool> BlobTriggersAsync()
    {
        var function = _bindings.Single(kv => kv.Value.Any(b => S(b, "type") == "blobTrigger")).Key;
        var container = S(_bindings[function].Single(b => S(b, "type") == "blobTrigger"), "path").Split('/')[0];
        bool worked;
        var fresh = new List<string>();
        await foreach (var path in blobs.ListAsync(container + "/"))
            if (!_triggeredBlobs.Contains(path)) fresh.Add(path);
        worked = fresh.Count > 0;
        // Event Grid delivers blob events concurrently; the host runs them in parallel like a queue batch.
        await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (path, ct) =>
        {
            var content = await blobs.ReadAsync(path, ct);
            var name = path[(container.Length + 1)..];
            var envelope = HostEnvelope.Blob(function, name, content, $"{blobEndpoint.ToString().TrimEnd('/')}/{path}");
            var (ok, body) = await PostAsync(function, envelope);
            if (ok && DeliverTwice)
            {
                await SendOutputsAsync(function, body);
                (ok, body) = await PostAsync(function, envelope);
            }
            if (ok)
            {
                lock (_triggeredBlobs) _triggeredBlobs.Add(path);
                await SendOutputsAsync(function, body);
                return;
            }
            int attempts;
            lock (_blobAttempts) attempts = _blobAttempts[path] = _blobAttempts.GetValueOrDefault(path) + 1;
            if (attempts >= MaxDequeueCount)
            {
                lock (_triggeredBlobs) _triggeredBlobs.Add(path);
                await Queue(BlobTriggerPoisonQueue).SendMessageAsync(JsonSerializer.Serialize(new { FunctionId = function, BlobType = "BlockBlob", ContainerName = container, BlobName = name }), ct);
            }
        });
        return worked;
    }

    private async Task<(bool Ok, JsonElement Body)> PostAsync(string function, string envelope)
    {
        Interlocked.Increment(ref _invocations);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await handler.PostAsync("/" + function, HostEnvelope.Body(envelope));
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        lock (Timings)
        {
            var (count, time) = Timings.GetValueOrDefault(function);
            Timings[function] = (count + 1, time + elapsed);
        }
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        try
        {
            using var doc = JsonDocument.Parse(text);
            body = doc.RootElement.Clone();
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty(nameof(Logs), out var logs))
                lock (Logs) Logs.AddRange(logs.EnumerateArray().Select(l => l.GetString() ?? ""));
        }
        catch (JsonException) { }
        // The host calls EnsureSuccessStatusCode: anything but 2xx fails the invocation and discards its outputs.
        return (response.IsSuccessStatusCode, body);
    }

    /// <summary>Each queue output binding's array becomes one message per element, serialised compactly.</summary>
    private async Task SendOutputsAsync(string function, JsonElement body)
    {
        if (!body.TryGetProperty("Outputs", out var outputs)) return;
        foreach (var output in outputs.EnumerateObject())
        {
            var binding = _bindings[function].FirstOrDefault(b => S(b, "direction") == "out" && S(b, "name") == output.Name);
            if (binding.ValueKind == JsonValueKind.Undefined) throw new InvalidOperationException($"{function} returned output '{output.Name}', which its function.json does not declare");
            if (S(binding, "type") != "queue") continue;
            var queue = Queue(S(binding, "queueName"));
            var items = output.Value.ValueKind == JsonValueKind.Array ? output.Value.EnumerateArray().ToList() : [output.Value];
            foreach (var item in items)
            {
                if (item.ValueKind != JsonValueKind.Object) throw new InvalidOperationException($"{function}.{output.Name}: a {item.ValueKind} element; the host would take a string for base64");
                await queue.SendMessageAsync(item.GetRawText());
            }
        }
    }

    public async Task<int> CountAsync(string queueName) =>
        (await Queue(queueName).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    public static string Describe(int value) => value.ToString(CultureInfo.InvariantCulture);
}
