using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Azure.Email;

namespace NewsMonitor.Azure.Tests;

/// <summary>
/// Azure Communication Services Email, played as azure-rest-api-specs <c>communication/data-plane/Email/stable/2025-09-01</c>
/// documents it: <c>POST /emails:send</c> with a bearer token answers 202 with <c>Operation-Location</c>,
/// <c>retry-after</c> and <c>{id, status}</c>; <c>GET /emails/operations/{id}</c> answers the operation's status, with
/// <c>retry-after</c> while it is not terminal and <c>error</c> when it failed. A repeated <c>Operation-Id</c> is the
/// same operation (nothing is sent twice). <see cref="Statuses"/> scripts what the polls see; <see cref="Scripted"/>
/// answers come first, one per request.
/// </summary>
public sealed class FakeEmailService : IAsyncDisposable
{
    public const string Sender = "DoNotReply@news.example.vn";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _operations = new();

    /// <summary>Messages accepted, by Operation-Id: what would reach the recipients.</summary>
    public ConcurrentDictionary<string, JsonNode> Accepted { get; } = new();

    /// <summary>Statuses the polls of a new operation see in turn; the last one stays. The send itself answers <c>Running</c>.</summary>
    public List<string> Statuses { get; set; } = ["Succeeded"];

    /// <summary>The <c>retry-after</c> (seconds) sent with non-terminal answers; null sends none.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>The <c>Operation-Location</c> host, when a test wants another one than this service.</summary>
    public string? OperationHost { get; set; }

    public ConcurrentQueue<Func<HttpContext, Task>> Scripted { get; } = new();

    /// <summary>Answers to status polls (GET) only, before the documented behaviour.</summary>
    public ConcurrentQueue<Func<HttpContext, Task>> ScriptedPolls { get; } = new();

    public LocalService Service { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => Service.Requests;

    public static async Task<FakeEmailService> StartAsync(TimeProvider? clock = null)
    {
        var fake = new FakeEmailService();
        fake.Service = await LocalService.StartAsync(fake.HandleAsync, clock);
        return fake;
    }

    public AcsEmailOptions Options() => new()
    {
        Endpoint = Service.Endpoint,
        SenderAddress = Sender,
        Transport = Service.Transport(),
        PollInterval = TimeSpan.FromMilliseconds(10),
        Retry = { Delay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
    };

    public ValueTask DisposeAsync() => Service.DisposeAsync();

    private Task HandleAsync(HttpContext context, RecordedRequest request)
    {
        if (Scripted.TryDequeue(out var scripted)) return scripted(context);
        if (request.Method == "GET" && ScriptedPolls.TryDequeue(out var poll)) return poll(context);
        if (request.Header("Authorization")?.StartsWith("Bearer token-", StringComparison.Ordinal) != true)
            return FakeLanguageService.Respond(context, 401, FakeLanguageService.Error("Unauthorized", "Denied by the authorization policy."));
        if (request.QueryValue("api-version") != AcsEmailOptions.DefaultApiVersion)
            return FakeLanguageService.Respond(context, 404, FakeLanguageService.Error("NotFound", "Resource not found."));
        if (request.Method == "POST" && request.Path == "/emails:send") return SendAsync(context, request);
        const string prefix = "/emails/operations/";
        if (request.Method == "GET" && request.Path.StartsWith(prefix, StringComparison.Ordinal))
        {
            var id = request.Path[prefix.Length..];
            return _operations.TryGetValue(id, out var statuses)
                ? Status(context, id, statuses.Count > 1 && statuses.TryDequeue(out var s) ? s : statuses.First(), 200)
                : FakeLanguageService.Respond(context, 404, FakeLanguageService.Error("NotFound", $"Operation {id} was not found."));
        }
        return FakeLanguageService.Respond(context, 404, FakeLanguageService.Error("NotFound", "Resource not found."));
    }

    private Task SendAsync(HttpContext context, RecordedRequest request)
    {
        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body);
        }
        catch (JsonException)
        {
            body = null;
        }
        var to = body?["recipients"]?["to"]?.AsArray();
        if (body?["senderAddress"]?.GetValue<string>() != Sender || body["content"]?["subject"] is null || to is null || to.Count == 0)
            return FakeLanguageService.Respond(context, 400, FakeLanguageService.Error("BadRequest", "The request is missing a sender, subject or recipient."));
        var id = request.Header("Operation-Id") ?? Guid.NewGuid().ToString();
        if (!Guid.TryParse(id, out _))
            return FakeLanguageService.Respond(context, 400, FakeLanguageService.Error("InvalidOperationId", "Operation-Id must be a UUID."));
        bool repeated = _operations.TryGetValue(id, out var existing);
        var statuses = existing ?? _operations.GetOrAdd(id, _ =>
        {
            Accepted[id] = body;
            return new ConcurrentQueue<string>(Statuses);
        });
        context.Response.Headers["Operation-Location"] = $"{(OperationHost ?? Service.Endpoint.GetLeftPart(UriPartial.Authority))}/emails/operations/{id}?api-version={AcsEmailOptions.DefaultApiVersion}";
        // A repeated Operation-Id is the same operation: its current status, and nothing sent again.
        return Status(context, id, repeated ? statuses.First() : "Running", 202);
    }

    private Task Status(HttpContext context, string id, string status, int code)
    {
        var body = new JsonObject { ["id"] = id, ["status"] = status };
        if (status == "Failed") body["error"] = new JsonObject { ["code"] = "EmailDropped", ["message"] = "Email was dropped after several attempts to deliver." };
        if (status == "Canceled") body["error"] = new JsonObject { ["code"] = "Canceled", ["message"] = "The operation was canceled." };
        var headers = RetryAfterSeconds is { } seconds && status is not ("Succeeded" or "Failed" or "Canceled")
            ? new[] { ("retry-after", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)) }
            : [];
        return FakeLanguageService.Respond(context, code, body.ToJsonString(), headers);
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> that tells when a timer starts, so a test advances time exactly when code waits.</summary>
public sealed class SteppedTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan) _timers.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits (in real time, at most 30 s) for the next timer and advances the clock by its due time; returns it.</summary>
    public async Task<TimeSpan> AdvanceToNextTimerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var due = await _timers.Reader.ReadAsync(timeout.Token);
        Advance(due);
        return due;
    }
}
