using System.Net;
using System.Net.Sockets;

namespace NewsMonitor.Tests;

/// <summary>A TCP port on 127.0.0.1 that nothing listens on right now, for a server a test starts.</summary>
internal static class FreePort
{
    public static int Next()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
