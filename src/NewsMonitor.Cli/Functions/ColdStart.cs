using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

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
        var executable = Path.Combine(packageFolder, FunctionsPackager.HandlerFolder, FunctionsPackager.HandlerExecutable);
        if (!File.Exists(executable)) throw new FileNotFoundException($"no handler at {executable}: run `newsmon functions package` first", executable);
        int port = FreePort();
        var start = new ProcessStartInfo(executable) { WorkingDirectory = packageFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_APP_ROOT_PATH"] = Path.GetFullPath(packageFolder);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
