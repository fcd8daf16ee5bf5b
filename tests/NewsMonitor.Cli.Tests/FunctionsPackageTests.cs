using System.IO.Compression;
using System.Net;
using NewsMonitor.Cli.Functions;
using NewsMonitor.Tests;

namespace NewsMonitor.Cli.Tests;

/// <summary>The deployable package: built, unzipped as the platform would, checked, and its handler started from it.</summary>
public sealed class FunctionsPackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("newsmon-package-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Package_HasTheLayout_KeepsTheExecutableBit_AndItsHandlerStarts()
    {
        var zip = Path.Combine(_dir, "app.zip");
        var result = await FunctionsPackager.BuildAsync(new PackageOptions(RepoPaths.Root, Path.Combine(_dir, "package"), zip), _ => { }, CancellationToken.None);
        Assert.True(result.ZipBytes > 0);

        var unpacked = Path.Combine(_dir, "unpacked");
        using (var archive = ZipFile.OpenRead(zip))
        {
            var handler = archive.GetEntry("handler/NewsMonitor.Functions");
            Assert.NotNull(handler);
            Assert.Equal(0x1ED, (handler.ExternalAttributes >> 16) & 0x1FF); // rwxr-xr-x
            Assert.NotNull(archive.GetEntry("host.json"));
            Assert.NotNull(archive.GetEntry("config/taxonomy.json"));
            Assert.NotNull(archive.GetEntry("config/gazetteer/countries.json"));
            foreach (var f in Directory.GetDirectories(Path.Combine(RepoPaths.Root, "src", "NewsMonitor.Functions", "functions")))
                Assert.NotNull(archive.GetEntry(Path.GetFileName(f) + "/function.json"));
            Assert.DoesNotContain(archive.Entries, e => e.FullName.StartsWith("handler/functions/", StringComparison.Ordinal));
        }
        ZipFile.ExtractToDirectory(zip, unpacked);
        var executable = Path.Combine(unpacked, "handler", "NewsMonitor.Functions");
        Assert.True((File.GetUnixFileMode(executable) & UnixFileMode.UserExecute) != 0, "the executable bit did not survive the zip");

        // Started as the host starts it: the port in FUNCTIONS_CUSTOMHANDLER_PORT, then GET / until it answers.
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["AcsEmail__Endpoint"] = "https://newsmonitor.communication.azure.com",
            ["AcsEmail__SenderAddress"] = "DoNotReply@newsmonitor.example",
            ["NewsMonitor__Tokens__Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        using var process = HandlerProcess.Start(unpacked, environment, out var baseUri);
        try
        {
            using var http = new HttpClient();
            var deadline = DateTime.UtcNow.AddSeconds(30);
            HttpStatusCode? status = null;
            while (DateTime.UtcNow < deadline && status is null && !process.HasExited)
            {
                try { status = (await http.GetAsync(baseUri)).StatusCode; }
                catch (HttpRequestException) { await Task.Delay(50); }
            }
            Assert.Equal(HttpStatusCode.OK, status);
            var health = await http.GetStringAsync(new Uri(baseUri, "api/health"));
            Assert.Contains("ClassifyArticle", health, StringComparison.Ordinal);
            // The packaged handler serves the subscription pages (the host forwards /api/subscribe to it as is).
            using var page = await http.GetAsync(new Uri(baseUri, "api/subscribe?lang=en"));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("<label for=\"email\">Email address</label>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
