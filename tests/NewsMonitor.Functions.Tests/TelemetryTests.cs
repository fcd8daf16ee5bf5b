using Microsoft.Extensions.DependencyInjection;
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
        // Only this handler's meter: other test classes run handlers in parallel in the same process.
        var scope = factory.Services.GetRequiredService<IMeterFactory>();
        var measured = new List<(string Instrument, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Meter.Scope == scope) l.EnableMeasurementEvents(instrument); };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var text = string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}"));
            lock (measured) measured.Add((instrument.Name, value, text));
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();

        using var response = await client.PostAsync("/" + StageGraph.Names.FetchFeeds, HostEnvelope.Body(HostEnvelope.Timer(StageGraph.Names.FetchFeeds)));
        response.EnsureSuccessStatusCode();
        lock (measured)
        {
            Assert.Equal(33, measured.Count(m => m.Instrument == "newsmonitor.outcomes" && m.Tags.Contains("stage=FetchFeeds", StringComparison.Ordinal) && m.Tags.Contains("outcome=queued", StringComparison.Ordinal)));
            Assert.Contains(measured, m => m.Instrument == "newsmonitor.stage.duration" && m.Value > 0 && m.Tags.Contains("result=ok", StringComparison.Ordinal));
        }
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
