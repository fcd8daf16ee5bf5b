using Azure.Storage.Queues;
using NewsMonitor.Azure.Queues;
using NewsMonitor.Tests;

namespace NewsMonitor.Azure.Tests;

public sealed class PoisonQueuesTests : IAsyncLifetime
{
    private Azurite _azurite = null!;
    private QueueServiceClient _queues = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _queues = new QueueServiceClient(_azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task ListShowReplayPurge_OverTheGraphsPoisonQueues()
    {
        var poison = _queues.GetQueueClient("fetch-article-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("""{"id":"a1","url":"https://vnexpress.net/x.html"}""");
        await poison.SendMessageAsync("""{"id":"a2"}""");
        var tool = new PoisonQueues(_queues);

        var list = await tool.ListAsync();
        Assert.Contains(list, q => q.Queue == "fetch-article" && q.Messages == 2);
        Assert.Contains(list, q => q.PoisonQueue == PoisonQueues.BlobTriggerPoisonQueue && q.Messages == 0);

        var shown = await tool.ShowAsync("fetch-article");
        Assert.Contains(shown, m => m.Text.Contains("vnexpress.net/x.html", StringComparison.Ordinal));
        Assert.Equal(2, (await tool.ListAsync()).Single(q => q.Queue == "fetch-article").Messages); // show leaves them

        Assert.Equal(1, await tool.ReplayAsync("fetch-article", max: 1));
        var back = (await _queues.GetQueueClient("fetch-article").ReceiveMessageAsync()).Value;
        Assert.Contains("\"id\":\"a", back.Body.ToString(), StringComparison.Ordinal);

        Assert.Equal(1, await tool.PurgeAsync("fetch-article"));
        Assert.Equal(0, (await tool.ListAsync()).Single(q => q.Queue == "fetch-article").Messages);
    }

    [Fact]
    public async Task BlobTriggerPoison_ReplayFiresTheTriggerForTheNamedBlob()
    {
        var poison = _queues.GetQueueClient(PoisonQueues.BlobTriggerPoisonQueue);
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("""{"FunctionId":"Host.Functions.ClassifyArticle","BlobType":"BlockBlob","ContainerName":"raw","BlobName":"ab12.json","ETag":"\"0x1\""}""");
        var fired = new List<string>();
        var tool = new PoisonQueues(_queues);
        Assert.Equal(1, await tool.ReplayAsync(PoisonQueues.BlobTriggerPoisonQueue, 10, (c, b, _) => { fired.Add($"{c}/{b}"); return Task.CompletedTask; }));
        Assert.Equal(["raw/ab12.json"], fired);
        await Assert.ThrowsAsync<InvalidOperationException>(() => tool.ReplayAsync(PoisonQueues.BlobTriggerPoisonQueue, 10));
    }

    [Fact]
    public void UnknownQueue_NamesTheQueuesThereAre()
    {
        var e = Assert.Throws<ArgumentException>(() => PoisonQueues.PoisonQueueOf("nope"));
        Assert.Contains("fetch-article", e.Message, StringComparison.Ordinal);
    }
}
