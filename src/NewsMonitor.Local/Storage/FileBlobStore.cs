using NewsMonitor.Ports;

namespace NewsMonitor.Local.Storage;

/// <summary>
/// Blobs as files under a root folder: <c>raw/{id}.json</c> → <c>{root}/raw/{id}.json</c>. Writes are create-new and
/// atomic: the bytes go to a temporary file in <c>{root}/.staging/</c>, which is then moved to the blob's path with
/// <c>File.Move(overwrite: false)</c>, which fails when the path is taken; so an existing file is kept, of racing
/// writers one wins, and readers never see a partial file. Thread-safe, and safe for several processes sharing the folder.
/// </summary>
public sealed class FileBlobStore(string root) : IBlobStore
{
    /// <summary>Not a valid container name, so listings never reach the temporary files.</summary>
    private const string StagingFolder = ".staging";

    public string Root { get; } = Path.GetFullPath(root);

    private string Resolve(BlobPath path) => Path.Combine(Root, path.Container, path.Name.Replace('/', Path.DirectorySeparatorChar));

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var file = Resolve(BlobPath.Parse(path));
        try
        {
            return await File.ReadAllBytesAsync(file, cancellationToken);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException || (e is UnauthorizedAccessException && Directory.Exists(file)))
        {
            // Missing, or a folder holding longer names ("raw/a" when "raw/a/b" exists): no blob at this path.
            return null;
        }
    }

    public async IAsyncEnumerable<string> ListAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parsed = BlobPath.ParsePrefix(prefix);
        var container = Path.Combine(Root, parsed.Container);
        // Only the folder of the prefix's last complete segment can hold matches.
        int slash = parsed.Name.LastIndexOf('/');
        var folder = slash < 0 ? container : Path.Combine(container, parsed.Name[..slash].Replace('/', Path.DirectorySeparatorChar));
        if (!Directory.Exists(folder)) yield break;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = parsed.Container + "/" + Path.GetRelativePath(container, file).Replace(Path.DirectorySeparatorChar, '/');
            if (path.StartsWith(prefix, StringComparison.Ordinal)) yield return path;
        }
        await Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) => Task.FromResult(File.Exists(Resolve(BlobPath.Parse(path))));

    private readonly Lock _moves = new();

    public async Task<bool> WriteAsync(string path, byte[] content, CancellationToken cancellationToken = default)
    {
        var file = Resolve(BlobPath.Parse(path));
        if (File.Exists(file)) return false;
        var staging = Directory.CreateDirectory(Path.Combine(Root, StagingFolder)).FullName;
        var temp = Path.Combine(staging, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            await File.WriteAllBytesAsync(temp, content, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            // A move "without overwrite" is not atomic on every platform (check, then rename): writers in this process
            // take turns for it, so of two racing writers exactly one creates the blob. One local host owns the folder.
            try
            {
                lock (_moves)
                {
                    if (File.Exists(file)) return false; // another writer created it first: theirs is kept
                    File.Move(temp, file, overwrite: false);
                    return true;
                }
            }
            catch (IOException) when (File.Exists(file))
            {
                return false; // another process's writer
            }
        }
        finally
        {
            File.Delete(temp); // no-op once moved
        }
    }
}
