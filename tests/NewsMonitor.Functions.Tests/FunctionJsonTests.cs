using NewsMonitor.Cli.Functions;
using System.Text.Json;
using NewsMonitor.Pipeline;
using NewsMonitor.Tests;

namespace NewsMonitor.Functions.Tests;

/// <summary>The function.json files, the handler's catalog and the stage graph agree, in both directions.</summary>
public sealed class FunctionJsonTests
{
    private static readonly string FunctionsFolder = Path.Combine(RepoPaths.Root, "src", "NewsMonitor.Functions", "functions");

    private static Dictionary<string, JsonElement[]> Files() => FunctionsHostSimulator.LoadBindings(FunctionsFolder);

    private static string S(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";

    [Fact]
    public void EveryFunctionHasAFolder_AndEveryFolderAFunction()
    {
        var folders = Files().Keys.Order().ToList();
        Assert.Equal(FunctionCatalog.Functions.Select(f => f.Name).Order(), folders);
        foreach (var stage in StageGraph.Stages) Assert.Contains(stage.Name, folders);
    }

    [Fact]
    public void Triggers_MatchTheStageGraph_AndTheBindingTheHandlerReads()
    {
        var files = Files();
        foreach (var f in FunctionCatalog.Functions)
        {
            var triggers = files[f.Name].Where(b => S(b, "direction") == "in").ToList();
            var trigger = Assert.Single(triggers);
            Assert.Equal(f.TriggerBinding, S(trigger, "name"));
            if (f.Stage is not { } stage)
            {
                Assert.Equal("httpTrigger", S(trigger, "type"));
                Assert.Equal(f.Route, S(trigger, "route"));
                Assert.Equal(f.Anonymous ? "anonymous" : "function", S(trigger, "authLevel"));
                Assert.Equal(f.Methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
                Assert.Contains(files[f.Name], b => S(b, "type") == "http" && S(b, "direction") == "out");
                continue;
            }
            switch (stage.Trigger.Kind)
            {
                case TriggerKind.Timer:
                    Assert.Equal("timerTrigger", S(trigger, "type"));
                    Assert.Equal(stage.Trigger.Value, S(trigger, "schedule"));
                    // A failed timer run is not retried without a policy; with one, the handler reads RetryContext.
                    using (var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsFolder, f.Name, "function.json"))))
                        Assert.True(doc.RootElement.GetProperty("retry").GetProperty("maxRetryCount").GetInt32() > 0, $"{f.Name} has no retry policy");
                    break;
                case TriggerKind.Queue:
                    Assert.Equal("queueTrigger", S(trigger, "type"));
                    Assert.Equal(stage.Trigger.Value, S(trigger, "queueName"));
                    Assert.Equal("AzureWebJobsStorage", S(trigger, "connection"));
                    break;
                case TriggerKind.Blob:
                    Assert.Equal("blobTrigger", S(trigger, "type"));
                    Assert.Equal(stage.Trigger.Value, S(trigger, "path"));
                    Assert.Equal("binary", S(trigger, "dataType")); // content arrives as base64, unambiguous
                    Assert.Equal("EventGrid", S(trigger, "source")); // Flex Consumption accepts no other source
                    break;
            }
        }
    }

    [Fact]
    public void QueueOutputs_AreTheGraphsQueueOutputs_ByName_AndBlobOutputsAreWrittenByTheHandler()
    {
        var files = Files();
        foreach (var stage in StageGraph.Stages)
        {
            var outs = files[stage.Name].Where(b => S(b, "direction") == "out").ToList();
            var declaredQueues = stage.Outputs.Where(o => o.Kind == OutputKind.Queue).ToList();
            Assert.Equal(declaredQueues.Select(o => o.Name).Order(), outs.Select(b => S(b, "name")).Order());
            foreach (var o in declaredQueues)
            {
                var binding = outs.Single(b => S(b, "name") == o.Name);
                Assert.Equal("queue", S(binding, "type"));
                Assert.Equal(o.Target, S(binding, "queueName"));
            }
            // Blob outputs are conditional creates through the blob store, not bindings (a binding overwrites and would
            // fire the blob trigger again on redelivery).
            Assert.DoesNotContain(outs, b => S(b, "type") == "blob");
        }
    }

    [Fact]
    public void EveryQueueWritten_IsReadByAFunction_AndEveryQueueReadIsWritten()
    {
        var files = Files().Values.SelectMany(b => b).ToList();
        var written = files.Where(b => S(b, "type") == "queue").Select(b => S(b, "queueName")).ToHashSet();
        var read = files.Where(b => S(b, "type") == "queueTrigger").Select(b => S(b, "queueName")).ToHashSet();
        Assert.Equal(written.Order(), read.Order());
        // The raw container the handler writes is the one the blob trigger watches.
        Assert.Contains(files, b => S(b, "type") == "blobTrigger" && S(b, "path").StartsWith(StageGraph.Containers.Raw + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void HostJson_NamesTheHandler_TheBundle_AndTheQueueSettingsTheHandlerAssumes()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "host.json")));
        var root = doc.RootElement;
        Assert.Equal("[4.0.0, 5.0.0)", root.GetProperty("extensionBundle").GetProperty("version").GetString());
        Assert.Equal("handler/NewsMonitor.Functions", root.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.True(root.GetProperty("customHandler").GetProperty("enableForwardingHttpRequest").GetBoolean());
        var queues = root.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(new HandlerOptions().MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString());
    }
}
