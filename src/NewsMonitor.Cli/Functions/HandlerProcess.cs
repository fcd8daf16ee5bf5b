using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NewsMonitor.Cli.Functions;

/// <summary>
/// Starts the packaged handler as the Functions host does: its executable under <c>handler/</c>, a free loopback port
/// in <c>FUNCTIONS_CUSTOMHANDLER_PORT</c>, the package in <c>FUNCTIONS_APP_ROOT_PATH</c>, its output drained.
/// </summary>
public static class HandlerProcess
{
    public static Process Start(string package, IReadOnlyDictionary<string, string> environment, out Uri baseUri)
    {
        var executable = Path.Combine(package, FunctionsPackager.HandlerFolder, FunctionsPackager.HandlerExecutable);
        if (!File.Exists(executable)) throw new FileNotFoundException($"no handler at {executable}: run `newsmon functions package` first", executable);
        int port = FreePort();
        var start = new ProcessStartInfo(executable) { WorkingDirectory = package, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_APP_ROOT_PATH"] = Path.GetFullPath(package);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        baseUri = new Uri($"http://127.0.0.1:{port}/");
        return process;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
