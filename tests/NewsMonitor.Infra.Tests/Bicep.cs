using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using NewsMonitor.Tests;

namespace NewsMonitor.Infra.Tests;

/// <summary>The Bicep CLI from the NuGet package (Azure.Bicep.CommandLine.linux-x64, restored by this project).</summary>
internal static class Bicep
{
    public static string Infra => Path.Combine(RepoPaths.Root, "infra");

    public static string Executable { get; } =
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;

    /// <summary>Runs the CLI; its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        if (!File.Exists(Executable)) throw new FileNotFoundException($"no Bicep CLI at {Executable}: restore tests/NewsMonitor.Infra.Tests (dotnet restore)", Executable);
        var start = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(); throw new TimeoutException($"bicep {string.Join(' ', arguments)} took over 2 minutes"); }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>The ARM JSON of a Bicep file.</summary>
    public static JsonElement Build(string file)
    {
        var (exit, output) = Run("build", file, "--stdout");
        Assert.True(exit == 0, $"bicep build {file} failed:\n{output}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>
    /// The resources a deployment with the parameter file would create, every expression that does not depend on
    /// deployed state evaluated (bicep snapshot), for a made-up subscription and resource group.
    /// </summary>
    public static Snapshot Snapshot(string parameterFile)
    {
        // snapshot writes beside the parameter file: work on a copy of infra/.
        var copy = Directory.CreateTempSubdirectory("newsmon-infra-");
        try
        {
            foreach (var file in Directory.GetFiles(Infra, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(copy.FullName, Path.GetRelativePath(Infra, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var parameters = Path.Combine(copy.FullName, Path.GetRelativePath(Infra, parameterFile));
            var (exit, output) = Run("snapshot", parameters, "--mode", "overwrite", "--subscription-id", NewsMonitor.Infra.Tests.Snapshot.SubscriptionId,
                "--tenant-id", "00000000-0000-0000-0000-0000000000aa", "--resource-group", NewsMonitor.Infra.Tests.Snapshot.ResourceGroup, "--location", "southeastasia");
            Assert.True(exit == 0, $"bicep snapshot {parameterFile} failed:\n{output}");
            var json = File.ReadAllText(Path.ChangeExtension(parameters, ".snapshot.json"));
            return new Snapshot(JsonDocument.Parse(json).RootElement.Clone());
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }
}

/// <summary>A deployment snapshot: its predicted resources.</summary>
internal sealed record Snapshot(JsonElement Root)
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000ab";

    public const string ResourceGroup = "rg-newsmonitor-test";

    public IEnumerable<JsonElement> Resources => Root.GetProperty("predictedResources").EnumerateArray();

    public IEnumerable<JsonElement> OfType(string type) => Resources.Where(r => r.GetProperty("type").GetString() == type);

    public JsonElement Single(string type) => Assert.Single(OfType(type));

    /// <summary>The last segment of each name of that type (a queue "account/default/q" is "q").</summary>
    public IEnumerable<string> Names(string type) => OfType(type).Select(r => r.GetProperty("name").GetString()!.Split('/')[^1]);

    /// <summary>The function app's settings, by name.</summary>
    public Dictionary<string, string> AppSettings =>
        Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!);
}
