using System.Diagnostics;
using System.IO.Compression;

namespace NewsMonitor.Cli.Functions;

/// <summary>What to build: where the repository is, where the package folder and zip go, how to compile the handler.</summary>
public sealed record PackageOptions(string RepositoryRoot, string OutputFolder, string ZipFile);

/// <summary>The assembled package: its folder, its zip and the size of each.</summary>
public sealed record PackageResult(string Folder, string ZipFile, long FolderBytes, long ZipBytes, TimeSpan PublishTime);

/// <summary>
/// Assembles the deployable Functions app: the root <c>host.json</c>, one folder per function with its
/// <c>function.json</c>, the configuration the handler reads (<c>config/</c>) and the handler published self-contained
/// for linux-x64 with ReadyToRun under <c>handler/</c> (not Native AOT: the stages' JSON and the dispatcher use
/// reflection, which AOT would break at the first invocation), then zips it keeping the
/// handler's executable bit, which a zip made without Unix modes loses and the Linux host then cannot start.
/// </summary>
public static class FunctionsPackager
{
    public const string HandlerFolder = "handler";
    public const string HandlerExecutable = "NewsMonitor.Functions";

    public static async Task<PackageResult> BuildAsync(PackageOptions options, Action<string> progress, CancellationToken cancellationToken)
    {
        var root = options.RepositoryRoot;
        var project = Path.Combine(root, "src", "NewsMonitor.Functions", "NewsMonitor.Functions.csproj");
        if (!File.Exists(project)) throw new FileNotFoundException($"the handler project is not at {project}: run from the repository or pass --repo", project);
        var output = Path.GetFullPath(options.OutputFolder);
        if (Directory.Exists(output))
        {
            // Only an earlier package is replaced: never a folder that holds something else.
            if (Directory.EnumerateFileSystemEntries(output).Any() && !File.Exists(Path.Combine(output, "host.json")))
                throw new InvalidOperationException($"{output} exists and is not a package folder (no host.json): choose another --out");
            Directory.Delete(output, recursive: true);
        }
        Directory.CreateDirectory(output);

        progress("publishing the handler (linux-x64, self-contained, ReadyToRun)");
        var watch = Stopwatch.StartNew();
        var handler = Path.Combine(output, HandlerFolder);
        var args = new List<string> { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", handler, "-p:DebugType=none", "-p:PublishReadyToRun=true" };
        await RunAsync("dotnet", args, root, cancellationToken);
        watch.Stop();
        // The function folders are copied to the package root; the handler does not need its own copy.
        var stray = Path.Combine(handler, "functions");
        if (Directory.Exists(stray)) Directory.Delete(stray, recursive: true);

        progress("adding host.json, the function folders and config/");
        File.Copy(Path.Combine(root, "host.json"), Path.Combine(output, "host.json"));
        foreach (var dir in Directory.GetDirectories(Path.Combine(root, "src", "NewsMonitor.Functions", "functions")))
        {
            var target = Path.Combine(output, Path.GetFileName(dir));
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(dir, "function.json"), Path.Combine(target, "function.json"));
        }
        var config = Path.Combine(output, "config");
        Directory.CreateDirectory(Path.Combine(config, "gazetteer"));
        File.Copy(Path.Combine(root, "config", "taxonomy.json"), Path.Combine(config, "taxonomy.json"));
        File.Copy(Path.Combine(root, "config", "sources.json"), Path.Combine(config, "sources.json"));
        foreach (var f in Directory.GetFiles(Path.Combine(root, "config", "gazetteer"), "*.json"))
            File.Copy(f, Path.Combine(config, "gazetteer", Path.GetFileName(f)));
        // Core Tools' zip marks the handler executable; a package built here must do the same.
        var executable = Path.Combine(handler, HandlerExecutable);
        if (!File.Exists(executable)) throw new InvalidOperationException($"publish produced no {executable}");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        progress($"zipping to {options.ZipFile}");
        var zip = Path.GetFullPath(options.ZipFile);
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        if (File.Exists(zip)) File.Delete(zip);
        Zip(output, zip);
        return new PackageResult(output, zip, Directory.GetFiles(output, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length), new FileInfo(zip).Length, watch.Elapsed);
    }

    /// <summary>Zips a folder with each file's Unix mode in the entry's external attributes (0755 for executables, 0644 otherwise).</summary>
    public static void Zip(string folder, string zipFile)
    {
        using var archive = ZipFile.Open(zipFile, ZipArchiveMode.Create);
        foreach (var file in Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(folder, file).Replace('\\', '/');
            var entry = archive.CreateEntryFromFile(file, name, CompressionLevel.Optimal);
            bool executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0
                              || name == $"{HandlerFolder}/{HandlerExecutable}";
            const int regularFile = 0x8000; // S_IFREG
            entry.ExternalAttributes = (regularFile | (executable ? 0x1ED : 0x1A4)) << 16; // 0755 / 0644
        }
    }

    private static async Task RunAsync(string file, IEnumerable<string> args, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try { await process.WaitForExitAsync(cancellationToken); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}".Trim());
    }
}
