using Azure.Storage.Queues;
using NewsMonitor.Cli.Commands;
using NewsMonitor.Tests;

namespace NewsMonitor.Cli.Tests;

[Collection("Console")]
public sealed class PoisonCommandTests : IAsyncLifetime
{
    private Azurite _azurite = null!;

    public async Task InitializeAsync() => _azurite = await Azurite.StartAsync();

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    private Task<(int Exit, string Output)> RunAsync(params string[] args) =>
        ConsoleCapture.RunAsync(FunctionsCommand.Create(), ["functions", "poison", .. args, "--storage", _azurite.ConnectionString]);

    [Fact]
    public async Task ListShowReplayPurge_FromTheCommandLine()
    {
        var queues = new QueueServiceClient(_azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poison = queues.GetQueueClient("deliver-alert-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync("""{"subscriptionId":"lan","clusterId":"c1","articleId":"a1"}""");
        await poison.SendMessageAsync("""{"subscriptionId":"lan","clusterId":"c2","articleId":"a2"}""");

        var (exit, output) = await RunAsync("list");
        Assert.Equal(0, exit);
        Assert.Matches(@"deliver-alert\s*│\s*deliver-alert-poison\s*│\s*2", output);

        (exit, output) = await RunAsync("show", "deliver-alert");
        Assert.Equal(0, exit);
        Assert.Contains("\"clusterId\":\"c1\"", output, StringComparison.Ordinal);

        (exit, output) = await RunAsync("replay", "deliver-alert", "--max", "1");
        Assert.Equal(0, exit);
        Assert.Contains("1 message(s) sent back", output, StringComparison.Ordinal);
        Assert.Equal(1, (await queues.GetQueueClient("deliver-alert").GetPropertiesAsync()).Value.ApproximateMessagesCount);

        (exit, output) = await RunAsync("purge", "deliver-alert");
        Assert.Equal(0, exit);
        Assert.Contains("1 message(s) dropped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownQueue_SaysWhichQueuesThereAre()
    {
        var (exit, output) = await RunAsync("show", "no-such-queue");
        Assert.Equal(2, exit);
        Assert.Contains("fetch-article", output, StringComparison.Ordinal);
    }
}

