using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace NewsMonitor.Tests;

/// <summary>
/// maildev (npm, pinned in package.json): a real SMTP server on 127.0.0.1 with a REST API that returns what it received.
/// Started on free ports per test class and stopped with it.
/// </summary>
public sealed class Maildev : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private Maildev(Process process, int smtpPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };
    }

    public int SmtpPort { get; }

    public static async Task<Maildev> StartAsync()
    {
        var executable = Path.Combine(RepoPaths.Root, "node_modules", ".bin", "maildev");
        if (!File.Exists(executable))
            throw new InvalidOperationException($"maildev is not installed at {executable}: run `npm ci` in {RepoPaths.Root} (package.json pins it).");
        int smtp = FreePort.Next(), web = FreePort.Next();
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "--ip", "127.0.0.1", "--smtp", smtp.ToString(System.Globalization.CultureInfo.InvariantCulture), "--web", web.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
            start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + executable);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var maildev = new Maildev(process, smtp, web);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await maildev._http.GetAsync("email")).StatusCode == HttpStatusCode.OK) return maildev;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        await maildev.DisposeAsync();
        throw new InvalidOperationException($"maildev did not start on ports {smtp} and {web}");
    }

    /// <summary>Every message received so far, as maildev's API returns it (subject, html, text, headers…).</summary>
    public async Task<IReadOnlyList<JsonElement>> MessagesAsync()
    {
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("email"));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>
    /// The messages once at least <paramref name="count"/> have arrived (maildev lists a message a moment after the SMTP
    /// hand-over), read again a little later so that one more, which should not come, would be seen.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await MessagesAsync()).Count < count && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(500);
        return await MessagesAsync();
    }

    /// <summary>The raw source of one message (its MIME text, with every header).</summary>
    public Task<string> SourceAsync(string id) => _http.GetStringAsync($"email/{id}/source");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
