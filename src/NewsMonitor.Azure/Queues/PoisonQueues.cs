using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using NewsMonitor.Pipeline;

namespace NewsMonitor.Azure.Queues;

/// <summary>A poison queue and how many messages wait in it.</summary>
public sealed record PoisonQueueInfo(string Queue, string PoisonQueue, int Messages);

/// <summary>A message in a poison queue, as an operator reads it.</summary>
public sealed record PoisonMessage(string MessageId, DateTimeOffset? InsertedOn, long DequeueCount, string Text);

/// <summary>
/// The poison queues of the stage graph (<c>&lt;queue&gt;-poison</c>, where the Functions host moves a message that failed
/// <c>maxDequeueCount</c> times) and the blob trigger's (<c>webjobs-blobtrigger-poison</c>): see why messages failed,
/// send them back once the cause is fixed, or drop them. Messages are read and written base64-encoded, as the host's
/// queue extension writes them.
/// </summary>
public sealed class PoisonQueues(QueueServiceClient queues)
{
    /// <summary>Messages a replay left in place, with the reason.</summary>
    public List<string> Skipped { get; } = [];

    public const string Suffix = "-poison";
    public const string BlobTriggerPoisonQueue = "webjobs-blobtrigger-poison";

    /// <summary>The queues whose poison queues exist: every queue of the stage graph, and the blob trigger.</summary>
    public static IReadOnlyList<string> Queues { get; } =
        [.. StageGraph.Stages.Where(s => s.Trigger.Kind == TriggerKind.Queue).Select(s => s.Trigger.Value), BlobTriggerPoisonQueue];

    public static string PoisonQueueOf(string queue)
    {
        if (!Queues.Contains(queue))
            throw new ArgumentException($"unknown queue '{queue}': expected one of {string.Join(", ", Queues)}", nameof(queue));
        return queue == BlobTriggerPoisonQueue ? queue : queue + Suffix;
    }

    private QueueClient Client(string name) => queues.GetQueueClient(name);

    public async Task<IReadOnlyList<PoisonQueueInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<PoisonQueueInfo>();
        foreach (var queue in Queues)
        {
            var poison = Client(PoisonQueueOf(queue));
            int count = await poison.ExistsAsync(cancellationToken) ? (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount : 0;
            result.Add(new PoisonQueueInfo(queue, poison.Name, count));
        }
        return result;
    }

    /// <summary>Up to <paramref name="max"/> (at most 32) messages, left in place.</summary>
    public async Task<IReadOnlyList<PoisonMessage>> ShowAsync(string queue, int max = 32, CancellationToken cancellationToken = default)
    {
        var poison = Client(PoisonQueueOf(queue));
        if (!await poison.ExistsAsync(cancellationToken)) return [];
        PeekedMessage[] messages = (await poison.PeekMessagesAsync(Math.Clamp(max, 1, 32), cancellationToken)).Value;
        return messages.Select(m => new PoisonMessage(m.MessageId, m.InsertedOn, m.DequeueCount, m.Body.ToString())).ToList();
    }

    /// <summary>
    /// Sends up to <paramref name="max"/> messages back to their queue and removes them from the poison queue. A message
    /// is removed only after it has been sent, so a failure in between leaves a copy rather than losing it. Blob-trigger
    /// poison messages name a blob; <paramref name="retrigger"/> is asked to fire the trigger for it again.
    /// </summary>
    public async Task<int> ReplayAsync(string queue, int max, Func<string, string, CancellationToken, Task>? retrigger = null, CancellationToken cancellationToken = default)
    {
        var poison = Client(PoisonQueueOf(queue));
        if (!await poison.ExistsAsync(cancellationToken)) return 0;
        QueueClient? target = null;
        if (queue != BlobTriggerPoisonQueue)
        {
            target = Client(queue);
            await target.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        else if (retrigger is null) throw new InvalidOperationException("replaying the blob trigger's poison queue needs the blob store to fire the trigger again");
        int replayed = 0;
        while (replayed < max)
        {
            QueueMessage[] batch = (await poison.ReceiveMessagesAsync(Math.Min(32, max - replayed), TimeSpan.FromMinutes(1), cancellationToken)).Value;
            if (batch.Length == 0) break;
            foreach (var message in batch)
            {
                var text = message.Body.ToString();
                if (target is not null) await target.SendMessageAsync(text, cancellationToken);
                else
                {
                    try
                    {
                        var (container, blob) = BlobOf(text);
                        await retrigger!(container, blob, cancellationToken);
                    }
                    catch (Exception e) when (e is InvalidDataException or InvalidOperationException)
                    {
                        // This one cannot be replayed (its blob is gone, or it names none): it stays, visible again at once.
                        Skipped.Add($"{message.MessageId}: {e.Message}");
                        await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken);
                        continue;
                    }
                }
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                replayed++;
            }
            if (batch.All(m => Skipped.Any(s => s.StartsWith(m.MessageId, StringComparison.Ordinal)))) break;
        }
        return replayed;
    }

    public async Task<int> PurgeAsync(string queue, CancellationToken cancellationToken = default)
    {
        var poison = Client(PoisonQueueOf(queue));
        if (!await poison.ExistsAsync(cancellationToken)) return 0;
        int count = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        await poison.ClearMessagesAsync(cancellationToken);
        return count;
    }

    /// <summary>The blob a blob-trigger poison message names (<c>{"ContainerName": "raw", "BlobName": "x.json", …}</c>).</summary>
    public static (string Container, string Blob) BlobOf(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.TryGetProperty("ContainerName", out var c) && root.TryGetProperty("BlobName", out var b) && c.GetString() is { Length: > 0 } container && b.GetString() is { Length: > 0 } blob)
                return (container, blob);
        }
        catch (JsonException) { }
        throw new InvalidDataException($"not a blob-trigger poison message (needs ContainerName and BlobName): {text}");
    }
}
