using System.Diagnostics;

namespace NewsMonitor.Cli.Functions;

/// <summary>One start of the packaged handler: time to the first answer on <c>GET /</c>, and to a first invocation if one was asked.</summary>
public sealed record ColdStartSample(TimeSpan Ready, TimeSpan? FirstInvocation);

/// <summary>
/// Starts the packaged handler as the Functions host does (its executable, <c>FUNCTIONS_CUSTOMHANDLER_PORT</c> on a free
/// loopback port, the app root in <c>FUNCTIONS_APP_ROOT_PATH</c>) and measures how long it takes to answer.
/// </summary>
public static class ColdStart
{
    public static async Task<ColdStartSample> MeasureAsync(string packageFolder, IReadOnlyDictionary<string, string> environment,
        Func<HttpClient, Uri, Task>? firstInvocation, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var watch = Stopwatch.StartNew();
        using var process = HandlerProcess.Start(packageFolder, environment, out var baseUri);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (process.HasExited) throw new InvalidOperationException($"the handler exited with code {process.ExitCode} before answering");
                if (watch.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("the handler did not answer GET / within 60 s");
                try
                {
                    using var response = await http.GetAsync(baseUri, cancellationToken);
                    break; // any answer counts as ready, as for the host
                }
                catch (HttpRequestException) { await Task.Delay(1, cancellationToken); }
            }
            var ready = watch.Elapsed;
            TimeSpan? invoked = null;
            if (firstInvocation is not null)
            {
                await firstInvocation(http, baseUri);
                invoked = watch.Elapsed;
            }
            return new ColdStartSample(ready, invoked);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }
}
