using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using NewsMonitor.Ports;

namespace NewsMonitor.Azure.Storage;

/// <summary>
/// <see cref="IBlobStore"/> on Azure Blob Storage: <c>container/name</c> is blob <c>name</c> in container
/// <c>container</c> (<c>raw</c> and <c>articles</c> in the stage graph), created on the first write to it (once per
/// store). Writes are conditional creates (<c>If-None-Match: *</c>): a redelivered message finds its blob kept, nothing
/// is rewritten and no second BlobCreated event fires. Thread-safe.
/// </summary>
internal sealed class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    /// <summary>Containers known to exist, by name: the create request runs once, or again after it failed.</summary>
    private readonly ConcurrentDictionary<string, Task> _containers = new(StringComparer.Ordinal);

    private BlobClient Blob(BlobPath path) => service.GetBlobContainerClient(path.Container).GetBlobClient(path.Name);

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        var blob = Blob(BlobPath.Parse(path));
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // BlobNotFound or ContainerNotFound
        }
    }

    public async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken = default) =>
        (await Blob(BlobPath.Parse(path)).ExistsAsync(cancellationToken)).Value;

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parsed = BlobPath.ParsePrefix(prefix);
        var container = service.GetBlobContainerClient(parsed.Container);
        var blobs = container.GetBlobsAsync(new GetBlobsOptions { Prefix = parsed.Name.Length == 0 ? null : parsed.Name }, cancellationToken);
        await using var e = blobs.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await e.MoveNextAsync()) yield break;
            }
            catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                yield break;
            }
            yield return parsed.Container + "/" + e.Current.Name;
        }
    }

    public async Task<bool> WriteAsync(string path, byte[] content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var parsed = BlobPath.Parse(path);
        var container = service.GetBlobContainerClient(parsed.Container);
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        for (int attempt = 1; ; attempt++)
        {
            await EnsureContainerAsync(container, cancellationToken);
            try
            {
                await container.GetBlobClient(parsed.Name).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 412)
            {
                return false; // the blob is there: it is kept
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound && attempt == 1)
            {
                _containers.TryRemove(container.Name, out _); // deleted since it was created: create it again
            }
        }
    }

    private async Task EnsureContainerAsync(BlobContainerClient container, CancellationToken cancellationToken)
    {
        var created = _containers.GetOrAdd(container.Name, _ => container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
        try
        {
            await created.WaitAsync(cancellationToken);
        }
        catch when (created.IsFaulted || created.IsCanceled)
        {
            _containers.TryRemove(KeyValuePair.Create(container.Name, created));
            throw;
        }
    }
}
