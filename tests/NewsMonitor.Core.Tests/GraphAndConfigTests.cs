using NewsMonitor.Config;
using NewsMonitor.Pipeline;
using NewsMonitor.Tests;

namespace NewsMonitor.Core.Tests;

public class StageGraphTests
{
    [Fact]
    public void Graph_HasTheEightStages() =>
        Assert.Equal(["FetchFeeds", "FetchArticle", "ClassifyArticle", "StoreSummary", "MatchAlerts", "DeliverAlert", "DailyDigest", "DeliverDigest"], StageGraph.Stages.Select(s => s.Name));

    [Fact]
    public void Graph_EveryQueueWrittenIsReadAndEveryQueueReadIsWritten()
    {
        var written = StageGraph.Stages.SelectMany(s => s.Outputs).Where(o => o.Kind == OutputKind.Queue).Select(o => o.Target).ToHashSet();
        var read = StageGraph.Stages.Where(s => s.Trigger.Kind == TriggerKind.Queue).Select(s => s.Trigger.Value).ToHashSet();
        Assert.Equal(written.Order(), read.Order());
    }

    [Fact]
    public void Graph_RawBlobsTriggerClassification()
    {
        var rawOutput = StageGraph.Get("FetchArticle").Outputs.Single(o => o.Kind == OutputKind.Blob).Target;
        var trigger = StageGraph.Get("ClassifyArticle").Trigger;
        Assert.Equal(TriggerKind.Blob, trigger.Kind);
        Assert.StartsWith(trigger.Value.Split('{')[0], rawOutput);
    }

    [Fact]
    public void Graph_DigestAt0700VietnamIsMidnightUtc() => Assert.Equal("0 0 0 * * *", StageGraph.Get("DailyDigest").Trigger.Value);
}

public class ConfigTests
{
    [Fact]
    public void ShippedConfig_Loads()
    {
        var taxonomy = Taxonomy.Load(Path.Combine(RepoPaths.Config, "taxonomy.json"));
        Assert.Equal(Taxonomy.SectorIds.Count, taxonomy.Sectors.Count);
        var gazetteer = Gazetteer.Load(Path.Combine(RepoPaths.Config, "gazetteer"));
        Assert.Equal("Vương quốc Anh", gazetteer.Names["GB"]);
        var sources = SourcesConfig.Load(Path.Combine(RepoPaths.Config, "sources.json"));
        Assert.True(sources.Sources.Count >= 10);
        Assert.All(sources.Sources, s => Assert.Equal("https", s.Url.Scheme));
    }

    [Theory]
    [InlineData("""{"sources":[{"id":"a","type":"rss","url":"https://x.vn/rss"},{"id":"a","type":"rss","url":"https://y.vn/rss"}]}""", "$.sources[1].id", "duplicate source id 'a'")]
    [InlineData("""{"sources":[{"id":"a","type":"json","url":"https://x.vn/rss"}]}""", "$.sources[0].type", "unknown type 'json'")]
    [InlineData("""{"sources":[{"id":"a","type":"rss"}]}""", "$.sources[0].url", "is required")]
    [InlineData("""{"sources":[{"id":"a","type":"rss","url":"ftp://x.vn/rss"}]}""", "$.sources[0].url", "is not an http(s) URL")]
    [InlineData("""{"sources": [ }""", "$", "not valid JSON")]
    public void SourcesConfig_Invalid_NamesFilePathAndProblem(string json, string path, string problem)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sources-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            var e = Assert.Throws<ConfigException>(() => SourcesConfig.Load(file));
            Assert.Equal(file, e.File);
            Assert.StartsWith(path, e.JsonPath, StringComparison.Ordinal);
            Assert.Contains(problem, e.Message);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void Taxonomy_UnknownSector_IsNamed()
    {
        var file = Path.Combine(Path.GetTempPath(), $"taxonomy-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"sectors":[{"id":"space","label":{"vi":"Vũ trụ","en":"Space"},"keywords":["vệ tinh"]}],"cooperationCues":["hợp tác"]}""");
        try
        {
            var e = Assert.Throws<ConfigException>(() => Taxonomy.Load(file));
            Assert.Equal("$.sectors[0].id", e.JsonPath);
            Assert.Contains("unknown sector id 'space'", e.Message);
        }
        finally { File.Delete(file); }
    }
}
