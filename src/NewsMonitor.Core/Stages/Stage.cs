using NewsMonitor.Pipeline;

namespace NewsMonitor.Stages;

/// <summary>A stage handler: one input in, declared outputs and outcomes out. Stateless apart from its ports.</summary>
public interface IStage<in TInput>
{
    string Name { get; }

    /// <summary>
    /// Handles one input. Returns outcomes for everything it decided (drops included). Throws
    /// <see cref="TransientStageException"/> when the input should be retried later (the host retries, then records a poison outcome).
    /// </summary>
    Task<StageResult> HandleAsync(TInput input, CancellationToken cancellationToken = default);
}

/// <summary>A failure that may pass: a timeout, a 5xx, an unreachable SMTP server. The host retries the input.</summary>
public sealed class TransientStageException(string message, Exception? inner = null) : Exception(message, inner);
