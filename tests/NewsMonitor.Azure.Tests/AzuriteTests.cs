using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Data.Tables;
using NewsMonitor.Tests;

namespace NewsMonitor.Azure.Tests;

[Collection("Azurite")]
public sealed class AzuriteTests(AzuriteFixture fixture)
{
    [Fact]
    public async Task Azurite_AnswersTheStorageSdks()
    {
        var blobs = new BlobServiceClient(fixture.Azurite.ConnectionString).GetBlobContainerClient("smoke");
        await blobs.CreateIfNotExistsAsync();
        await blobs.UploadBlobAsync("a.txt", BinaryData.FromString("xin chào"));
        Assert.Equal("xin chào", (await blobs.GetBlobClient("a.txt").DownloadContentAsync()).Value.Content.ToString());

        var queue = new QueueClient(fixture.Azurite.ConnectionString, "smoke");
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync("m");
        Assert.Equal("m", (await queue.ReceiveMessageAsync()).Value.MessageText);

        var table = new TableClient(fixture.Azurite.ConnectionString, "smoke");
        await table.CreateIfNotExistsAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["v"] = 1 });
        Assert.Equal(1, (await table.GetEntityAsync<TableEntity>("p", "r")).Value.GetInt32("v"));
    }
}
