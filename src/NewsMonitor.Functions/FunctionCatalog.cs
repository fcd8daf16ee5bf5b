using NewsMonitor.Pipeline;

namespace NewsMonitor.Functions;

/// <summary>How a function of the app is triggered and which binding carries its input.</summary>
public enum FunctionKind { Stage, Http }

/// <summary>One function of the app: a stage of the graph, or an HTTP endpoint the host forwards.</summary>
/// <param name="Name">The function name: the folder under <c>functions/</c> and the handler's route.</param>
/// <param name="TriggerBinding">The name of the trigger binding in function.json (<c>timer</c>, <c>message</c>, <c>raw</c>, <c>req</c>).</param>
/// <param name="Stage">The stage it runs, for stage functions.</param>
/// <param name="Route">The forwarded route below <c>/api/</c>, for HTTP functions.</param>
/// <param name="Anonymous">For HTTP functions: open to anyone (<c>authLevel: anonymous</c>) rather than to holders of a function key.</param>
public sealed record FunctionDefinition(string Name, FunctionKind Kind, string TriggerBinding, StageDefinition? Stage = null, string? Route = null, string[]? Methods = null, bool Anonymous = false);

/// <summary>
/// The functions of the app, derived from the stage graph plus the HTTP API. The function.json files under
/// <c>functions/</c> must agree with this list and with the graph; a test checks it in both directions.
/// Blob outputs of stages are written by the handler itself through the blob store (conditional creates, so a
/// redelivered message never rewrites a blob and never fires the blob trigger twice); queue outputs are output
/// bindings, returned as arrays of objects.
/// </summary>
public static class FunctionCatalog
{
    public const string TimerBinding = "timer";
    public const string QueueBinding = "message";
    public const string BlobBinding = "raw";
    public const string HttpBinding = "req";
    public const string HttpOutputBinding = "res";

    public static readonly IReadOnlyList<FunctionDefinition> Functions =
    [
        .. StageGraph.Stages.Select(s => new FunctionDefinition(s.Name, FunctionKind.Stage, s.Trigger.Kind switch
        {
            TriggerKind.Timer => TimerBinding,
            TriggerKind.Queue => QueueBinding,
            TriggerKind.Blob => BlobBinding,
            _ => throw new InvalidOperationException($"unknown trigger kind {s.Trigger.Kind}"),
        }, s)),
        new("Health", FunctionKind.Http, HttpBinding, Route: "health", Methods: ["get"], Anonymous: true),
        new("Articles", FunctionKind.Http, HttpBinding, Route: "articles", Methods: ["get"]),
        new("Subscriptions", FunctionKind.Http, HttpBinding, Route: "subscriptions/{id?}", Methods: ["get", "put"]),
        // The subscription pages: anonymous, for people following links in emails (SubscriptionEndpoints).
        new("SubscribePage", FunctionKind.Http, HttpBinding, Route: "subscribe", Methods: ["get", "post"], Anonymous: true),
        new("ConfirmPage", FunctionKind.Http, HttpBinding, Route: "confirm", Methods: ["get", "post"], Anonymous: true),
        new("PreferencesPage", FunctionKind.Http, HttpBinding, Route: "preferences", Methods: ["get", "post"], Anonymous: true),
        new("UnsubscribePage", FunctionKind.Http, HttpBinding, Route: "unsubscribe", Methods: ["get", "post"], Anonymous: true),
    ];

    public static FunctionDefinition? Find(string name) => Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
