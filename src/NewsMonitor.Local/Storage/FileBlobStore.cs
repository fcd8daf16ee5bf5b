using NewsMonitor.Ports;

namespace NewsMonitor.Local.Storage;

/// <summary>Blobs as files under a root folder: <c>raw/{id}.json</c> → <c>{root}/raw/{id}.json</c>. Writes are atomic (temp file + rename).</summary>
public sealed class FileBlobStore(string root) : IBlobStore
{
    public string Root { get; } = Path.GetFullPath(root);

    private string Resolve(string path)
    {
        if (path.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(path)) throw new ArgumentException($"Blob path '{path}' must be relative, without '..'.", nameof(path));
        return Path.Combine(Root, path);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        return File.Exists(file) ? await File.ReadAllBytesAsync(file, cancellationToken) : null;
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var folder = Resolve(prefix.TrimEnd('/'));
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.EndsWith(".tmp", StringComparison.Ordinal)) continue;
            yield return Path.GetRelativePath(Root, file).Replace('\\', '/');
        }
        await Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(Resolve(path)));

    public async Task WriteAsync(string path, byte[] content, CancellationToken cancellationToken = default)
    {
        var file = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        await File.WriteAllBytesAsync(temp, content, cancellationToken);
        File.Move(temp, file, overwrite: true);
    }
}
