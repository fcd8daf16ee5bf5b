using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using NewsMonitor.Domain;
using NewsMonitor.Functions.Protocol;
using NewsMonitor.Pipeline;
using NewsMonitor.Ports;
using NewsMonitor.Stages;

namespace NewsMonitor.Functions;

/// <summary>Settings of the handler that are not the stages' own.</summary>
public sealed class HandlerOptions
{
    /// <summary>The queues' <c>maxDequeueCount</c> in host.json: on that delivery a failure is the last one.</summary>
    public int MaxDequeueCount { get; set; } = 5;
}

/// <summary>What one invocation came to: the HTTP status to answer the host with and the body.</summary>
public sealed record DispatchResult(int StatusCode, InvocationResult Body);

/// <summary>
/// Runs a stage for one host invocation: decodes the trigger's payload, calls the same stage code as the embedded host,
/// writes blob outputs through the blob store, returns queue outputs as arrays of objects and outcomes as log lines.
/// A failure answers 500 so the host retries and, after <c>maxDequeueCount</c> deliveries, moves the message to its
/// poison queue; the last failure is logged as <c>poisoned</c> with its reason, so nothing is lost silently.
/// </summary>
public sealed class StageDispatcher(IServiceProvider services, HandlerOptions options, PipelineMetrics metrics, TimeProvider clock, ILogger<StageDispatcher> log)
{
    public async Task<DispatchResult> InvokeAsync(FunctionDefinition function, Invocation invocation, CancellationToken cancellationToken)
    {
        var stage = function.Stage ?? throw new InvalidOperationException($"{function.Name} is not a stage function");
        var result = new InvocationResult();
        var started = Stopwatch.GetTimestamp();
        using var activity = PipelineMetrics.Activities.StartActivity(stage.Name);
        string subject = function.Name;
        try
        {
            var (input, described) = await ReadInputAsync(stage, invocation, cancellationToken);
            subject = described;
            var stageResult = await RunAsync(stage, input, cancellationToken);
            await WriteOutputsAsync(stage, stageResult, result, cancellationToken);
            foreach (var outcome in stageResult.Outcomes)
            {
                result.Logs.Add($"{stage.Name} {outcome}");
                metrics.Outcome(stage.Name, outcome);
            }
            metrics.Latency(stage.Name, Stopwatch.GetElapsedTime(started), "ok");
            activity?.SetTag("newsmonitor.subject", subject);
            activity?.SetTag("newsmonitor.outcomes", string.Join(",", stageResult.Outcomes.Select(o => o.Code).Distinct()));
            return new DispatchResult(200, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { throw; }
        catch (Exception e)
        {
            var reason = $"{e.GetType().Name}: {e.Message}";
            var (attempt, of) = Attempt(stage, invocation);
            if (attempt is not null && attempt >= of)
            {
                // Last try. A queue message goes to <queue>-poison after this answer (`newsmon functions poison` shows and
                // replays it); a timer run that failed its last retry is only this log line and the failure metric.
                var outcome = new StageOutcome(OutcomeCodes.Poisoned, subject, $"{reason} (attempt {attempt} of {of})");
                log.LogError(e, "{Function} {Outcome}", function.Name, outcome);
                metrics.Outcome(stage.Name, outcome);
                result.Logs.Add($"{stage.Name} {outcome}");
            }
            else
            {
                // Not the last try, or (blob trigger) the host keeps the count: it retries, then moves the blob to webjobs-blobtrigger-poison.
                var which = attempt is null ? "an attempt" : $"attempt {attempt} of {of}";
                log.LogWarning(e, "{Function} failed on {Attempt}, will be retried: {Reason}", function.Name, which, reason);
                metrics.Outcome(stage.Name, new StageOutcome(OutcomeCodes.Failed, subject, reason));
                result.Logs.Add($"{stage.Name} retry: {subject} ({reason}, {which})");
            }
            metrics.Latency(stage.Name, Stopwatch.GetElapsedTime(started), "failed");
            activity?.SetStatus(ActivityStatusCode.Error, reason);
            // A malformed payload will not improve with retries, but it goes the same way: to the poison queue, visible.
            return new DispatchResult(e is EnvelopeException or InvalidDataException ? 400 : 500, result);
        }
    }

    /// <summary>Resolved at use, inside the invocation's error handling: a storage setting that is missing fails the invocation, named, not the route.</summary>
    private IBlobStore Blobs => services.GetRequiredService<IBlobStore>();

    private async Task<(object Input, string Subject)> ReadInputAsync(StageDefinition stage, Invocation invocation, CancellationToken cancellationToken)
    {
        switch (stage.Trigger.Kind)
        {
            case TriggerKind.Timer:
                var now = invocation.UtcNow ?? clock.GetUtcNow();
                return (new TimerInfo(now, IsPastDue(invocation)), stage.Name);
            case TriggerKind.Queue:
                var message = Validate(ReadMessage(stage, invocation), $"message on '{stage.Trigger.Value}'");
                return (message, QueueMessages.Describe(message));
            case TriggerKind.Blob:
                var bytes = await ReadBlobAsync(invocation, cancellationToken);
                var raw = Validate(Json.Read<RawArticle>(bytes, $"blob {invocation.Metadata("Uri") ?? invocation.Metadata("name") ?? "(unnamed)"}"), "raw article");
                return (raw, raw.Url);
            default:
                throw new InvalidOperationException($"unknown trigger kind {stage.Trigger.Kind}");
        }
    }

    /// <summary>
    /// Which try this is and how many there will be: queue messages by their dequeue count against maxDequeueCount,
    /// timers by the RetryContext their retry policy adds (a timer without one has a single try); null for the blob
    /// trigger, whose retries the host counts itself.
    /// </summary>
    private (int? Attempt, int Of) Attempt(StageDefinition stage, Invocation invocation)
    {
        if (invocation.DequeueCount is { } dequeue) return (dequeue, options.MaxDequeueCount);
        if (invocation.RetryContext is { } retry) return (retry.RetryCount + 1, retry.MaxRetryCount + 1);
        return stage.Trigger.Kind == TriggerKind.Timer ? (1, 1) : (null, 0);
    }

    private static bool IsPastDue(Invocation invocation)
    {
        if (!invocation.HasData(FunctionCatalog.TimerBinding)) return false;
        try
        {
            using var timer = JsonDocument.Parse(invocation.DataAsJsonText(FunctionCatalog.TimerBinding));
            return timer.RootElement.ValueKind == JsonValueKind.Object && timer.RootElement.TryGetProperty("IsPastDue", out var due) && due.ValueKind == JsonValueKind.True;
        }
        catch (JsonException e) { throw new EnvelopeException($"timer payload is not JSON: {e.Message}"); }
    }

    private static object ReadMessage(StageDefinition stage, Invocation invocation)
    {
        var text = invocation.DataAsJsonText(FunctionCatalog.QueueBinding);
        try
        {
            return JsonSerializer.Deserialize(text, stage.InputType, Json.Options)
                   ?? throw new EnvelopeException($"{stage.Name}: the message is null");
        }
        catch (JsonException e)
        {
            throw new EnvelopeException($"{stage.Name}: the message is not a {stage.InputType.Name}: {e.Message}");
        }
    }

    /// <summary>The blob trigger's content when the host sent it (base64); otherwise the blob read by its <c>Uri</c>.</summary>
    private async Task<byte[]> ReadBlobAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        if (invocation.HasData(FunctionCatalog.BlobBinding)) return invocation.DataAsBytes(FunctionCatalog.BlobBinding);
        var uri = invocation.Metadata("Uri") ?? throw new EnvelopeException("ClassifyArticle: neither blob content nor Metadata.Uri was sent");
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed)) throw new EnvelopeException($"ClassifyArticle: Metadata.Uri '{uri}' is not a URI");
        var path = BlobPathOf(parsed);
        return await Blobs.ReadAsync(path, cancellationToken) ?? throw new InvalidDataException($"blob {path} does not exist (deleted after the trigger fired?)");
    }

    /// <summary><c>container/name</c> of a blob URI: <c>https://acct.blob.core.windows.net/raw/x.json</c> or Azurite's <c>http://127.0.0.1:10000/devstoreaccount1/raw/x.json</c>.</summary>
    public static string BlobPathOf(Uri uri)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/');
        int skip = uri.Host.Contains(".blob.", StringComparison.OrdinalIgnoreCase) ? 0 : 1; // path-style (emulator): account first
        if (segments.Length < skip + 2) throw new EnvelopeException($"blob URI '{uri}' has no container/name");
        return Uri.UnescapeDataString(string.Join('/', segments.Skip(skip)));
    }

    private Task<StageResult> RunAsync(StageDefinition stage, object input, CancellationToken cancellationToken) =>
        Invokers.GetOrAdd(stage.Name, _ => Invoker(stage))(services, input, cancellationToken);

    /// <summary>One compiled call per stage (resolve its keyed <c>IStage&lt;T&gt;</c>, call <c>HandleAsync</c>): built once, not by reflection per invocation.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<IServiceProvider, object, CancellationToken, Task<StageResult>>> Invokers = new(StringComparer.Ordinal);

    private static Func<IServiceProvider, object, CancellationToken, Task<StageResult>> Invoker(StageDefinition stage) =>
        (Func<IServiceProvider, object, CancellationToken, Task<StageResult>>)typeof(StageDispatcher)
            .GetMethod(nameof(Typed), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(stage.InputType)
            .Invoke(null, [stage.Name])!;

    private static Func<IServiceProvider, object, CancellationToken, Task<StageResult>> Typed<T>(string name) =>
        (services, input, cancellationToken) => services.GetRequiredKeyedService<IStage<T>>(name).HandleAsync((T)input, cancellationToken);

    private async Task WriteOutputsAsync(StageDefinition stage, StageResult stageResult, InvocationResult result, CancellationToken cancellationToken)
    {
        foreach (var output in stageResult.Outputs)
        {
            var declared = stage.Outputs.FirstOrDefault(o => o.Name == output.Binding)
                           ?? throw new InvalidOperationException($"{stage.Name} wrote to '{output.Binding}', which the stage graph does not declare");
            switch (output)
            {
                case BlobOutput blob:
                    // Counted when created: a redelivered message finds the blob there and counts nothing twice.
                    if (await Blobs.WriteAsync(blob.Path, blob.Content, cancellationToken) && blob.Path.StartsWith(StageGraph.Containers.Articles + "/", StringComparison.Ordinal))
                        metrics.Classified(Json.Read<StructuredSummary>(blob.Content, blob.Path));
                    break;
                case QueueOutput queue:
                    if (queue.Queue != declared.Target) throw new InvalidOperationException($"{stage.Name} sent to '{queue.Queue}' through '{output.Binding}', which goes to '{declared.Target}'");
                    var payload = Json.ToUtf8(queue.Message);
                    if (payload.Length > 48 * 1024) throw new InvalidOperationException($"message for '{queue.Queue}' is {payload.Length} bytes; base64 makes that more than a queue message's 64 KiB");
                    result.AddMessage(output.Binding, payload);
                    break;
            }
        }
    }

    /// <summary>Per message type, the constructor parameters that may not be null (NullabilityInfoContext is not thread-safe: read once per type).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, (string Parameter, PropertyInfo? Property)[]> Required = new();

    /// <summary>
    /// Checks that every non-nullable constructor parameter of a message record came with a value: System.Text.Json
    /// leaves missing properties null, and a message of the wrong shape must fail here, named, not deep in a stage.
    /// </summary>
    public static T Validate<T>(T message, string what) where T : notnull
    {
        var required = Required.GetOrAdd(message.GetType(), type =>
        {
            var nullability = new NullabilityInfoContext();
            var ctor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            return ctor.GetParameters()
                .Where(p => !p.ParameterType.IsValueType && nullability.Create(p).WriteState != NullabilityState.Nullable)
                .Select(p => (p.Name!, type.GetProperty(p.Name!, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)))
                .ToArray();
        });
        var missing = required.Where(r => r.Property?.GetValue(message) is null).Select(r => JsonNamingPolicy.CamelCase.ConvertName(r.Parameter)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{what}: missing {string.Join(", ", missing)}");
        return message;
    }

}
