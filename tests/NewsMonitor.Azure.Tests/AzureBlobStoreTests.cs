using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using NewsMonitor.Azure.Storage;
using NewsMonitor.Ports;
using NewsMonitor.Tests;
using NewsMonitor.Tests.Contracts;

namespace NewsMonitor.Azure.Tests;

/// <summary>The blob store contract against Azurite, plus what only the Azure adapter does.</summary>
[Collection("Azurite")]
public sealed class AzureBlobStoreTests(AzuriteFixture fixture) : BlobStoreContract
{
    private readonly RequestLog _log = new();

    private BlobServiceClient Service
    {
        get
        {
            var options = new BlobClientOptions();
            options.AddPolicy(_log, HttpPipelinePosition.PerCall);
            return new BlobServiceClient(fixture.Azurite.ConnectionString, options);
        }
    }

    protected override IBlobStore Store => new AzureBlobStore(Service);

    [Fact]
    public async Task Write_CreatesEachContainerOnce()
    {
        var store = new AzureBlobStore(Service);
        var container = NewContainer();
        for (int i = 0; i < 3; i++) Assert.True(await store.WriteAsync($"{container}/{i}.json", [1]));
        Assert.False(await store.WriteAsync($"{container}/0.json", [2]));
        Assert.Equal(1, _log.Count(r => r.Method == RequestMethod.Put && r.Uri.Query.Contains("restype=container", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Write_IsAConditionalCreate_TheKeptBlobIsUntouched()
    {
        var store = new AzureBlobStore(Service);
        var container = NewContainer();
        await store.WriteAsync($"{container}/a.json", [1]);
        var blob = Service.GetBlobContainerClient(container).GetBlobClient("a.json");
        var before = (await blob.GetPropertiesAsync()).Value;
        Assert.False(await store.WriteAsync($"{container}/a.json", [2, 3]));
        var after = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal((before.ETag, before.LastModified, 1L), (after.ETag, after.LastModified, after.ContentLength));
        var uploads = _log.Where(r => r.Method == RequestMethod.Put && r.Uri.AbsolutePath.EndsWith("/a.json", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, uploads.Count);
        Assert.All(uploads, r => Assert.Equal("*", r.IfNoneMatch));
    }

    [Fact]
    public async Task Write_AfterTheContainerWasDeleted_CreatesItAgain()
    {
        var store = new AzureBlobStore(Service);
        var container = NewContainer();
        await store.WriteAsync($"{container}/a.json", [1]);
        await Service.GetBlobContainerClient(container).DeleteAsync();
        // A deleted container's name stays taken for a while in Azure; Azurite frees it at once.
        Assert.True(await store.WriteAsync($"{container}/b.json", [2]));
        Assert.Equal([2], await store.ReadAsync($"{container}/b.json"));
    }

    /// <summary>Records the method, URI and If-None-Match header of every request the client sends.</summary>
    private sealed class RequestLog : HttpPipelineSynchronousPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(RequestMethod Method, Uri Uri, string? IfNoneMatch)> _requests = new();

        public override void OnSendingRequest(HttpMessage message)
        {
            message.Request.Headers.TryGetValue("If-None-Match", out var ifNoneMatch);
            _requests.Enqueue((message.Request.Method, message.Request.Uri.ToUri(), ifNoneMatch));
        }

        public int Count(Func<(RequestMethod Method, Uri Uri, string? IfNoneMatch), bool> predicate) => _requests.Count(predicate);

        public IEnumerable<(RequestMethod Method, Uri Uri, string? IfNoneMatch)> Where(Func<(RequestMethod Method, Uri Uri, string? IfNoneMatch), bool> predicate) => _requests.Where(predicate);
    }
}
