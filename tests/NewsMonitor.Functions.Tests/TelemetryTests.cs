using NewsMonitor.Functions.Protocol;
using System.Diagnostics.Metrics;
using Azure.Identity;
using NewsMonitor.Pipeline;

namespace NewsMonitor.Functions.Tests;

public sealed class TelemetryTests
{
    [Fact]
    public async Task Invocations_CountOutcomesAndLatency_OnTheNewsMonitorMeter()
    {
        using var factory = new HandlerFactory();
        using var client = factory.CreateClient();
        var measured = new List<(string Instrument, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == PipelineMetrics.MeterName) l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measured) measured.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        });
        listener.Start();

        using var response = await client.PostAsync("/" + StageGraph.Names.FetchFeeds, HostEnvelope.Body(HostEnvelope.Timer(StageGraph.Names.FetchFeeds)));
        response.EnsureSuccessStatusCode();
        lock (measured)
            Assert.Contains(measured, m => m.Instrument == "newsmonitor.outcomes" && m.Tags.Contains("stage=FetchFeeds", StringComparison.Ordinal) && m.Tags.Contains("outcome=queued", StringComparison.Ordinal));
    }

    [Fact]
    public void AuthenticationString_SelectsTheCredential_OrSaysWhatIsWrong()
    {
        Assert.Null(TelemetrySetup.CredentialFrom(null));
        Assert.IsType<ManagedIdentityCredential>(TelemetrySetup.CredentialFrom("ClientId=00000000-0000-0000-0000-000000000001;Authorization=AAD"));
        Assert.IsType<DefaultAzureCredential>(TelemetrySetup.CredentialFrom("Authorization=AAD"));
        var e = Assert.Throws<InvalidOperationException>(() => TelemetrySetup.CredentialFrom("Authorization=Key"));
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", e.Message, StringComparison.Ordinal);
    }
}
