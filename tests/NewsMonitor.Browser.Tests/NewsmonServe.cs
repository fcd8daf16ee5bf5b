using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace NewsMonitor.Tests;

/// <summary>
/// <c>newsmon serve</c> as a user starts it, in its own process on a free port of 127.0.0.1, with its data in a
/// temporary folder and its email going to <paramref name="smtpPort"/> (maildev). Stopped and cleaned up on dispose.
/// </summary>
public sealed class NewsmonServe : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NewsmonServe(Process process, string data, int port)
    {
        _process = process;
        Data = data;
        BaseUrl = $"http://127.0.0.1:{port}/api/";
    }

    /// <summary>Where the pages are, ending in a slash: <c>http://127.0.0.1:{port}/api/</c>.</summary>
    public string BaseUrl { get; }

    /// <summary>The data folder (SQLite store, outbox, link-signing key).</summary>
    public string Data { get; }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static async Task<NewsmonServe> StartAsync(int smtpPort)
    {
        var data = Directory.CreateTempSubdirectory("newsmon-serve-").FullName;
        int port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = data };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "newsmon.dll"), "serve", "--port", port.ToString(CultureInfo.InvariantCulture),
                     "--config", RepoPaths.Config, "--sources", Path.Combine(RepoPaths.Samples, "sources.json"), "--subscriptions", "",
                     "--data", data, "--smtp", $"127.0.0.1:{smtpPort}",
                 })
            start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start newsmon serve");
        var serve = new NewsmonServe(process, data, port);
        process.OutputDataReceived += (_, e) => { lock (serve._output) serve._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (serve._output) serve._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(serve.BaseUrl + "health")).IsSuccessStatusCode) return serve;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        var output = serve.Output;
        await serve.DisposeAsync();
        throw new InvalidOperationException($"newsmon serve did not answer on port {port}:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Data, recursive: true); } catch (IOException) { }
    }
}
