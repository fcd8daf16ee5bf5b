using Azure.Core;
using Azure.Core.Pipeline;

namespace NewsMonitor.Azure.Tests;

/// <summary>Counts every HTTP request a client's pipeline sends, retries included (add it per retry).</summary>
internal sealed class RequestCounter : HttpPipelineSynchronousPolicy
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
