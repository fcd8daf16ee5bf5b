namespace NewsMonitor.Config;

/// <summary>A lexicon entry: a phrase and its weight (strong cues weigh more than 1).</summary>
public sealed record Keyword(string Text, double Weight);

public sealed record LocalizedLabel(string Vi, string En)
{
    public string For(string language) => language == "en" ? En : Vi;
}

public sealed record SectorDefinition(string Id, LocalizedLabel Label, IReadOnlyList<Keyword> Keywords);

public sealed record EventTypeDefinition(string Id, LocalizedLabel Label, IReadOnlyList<Keyword> Keywords);

/// <summary>Sectors, event types and cooperation cues from <c>config/taxonomy.json</c>, validated on load.</summary>
public sealed record Taxonomy(IReadOnlyList<SectorDefinition> Sectors, IReadOnlyList<EventTypeDefinition> EventTypes, IReadOnlyList<Keyword> CooperationCues)
{
    /// <summary>The sector ids of ARCHITECTURE.md; the taxonomy must define exactly these.</summary>
    public static readonly IReadOnlyList<string> SectorIds =
        ["health", "education", "science_technology", "digital", "energy", "environment", "finance", "trade_investment", "infrastructure", "agriculture", "defence_security", "culture_tourism", "labour", "diplomacy"];

    public static Taxonomy Load(string file)
    {
        var root = ConfigNode.Load(file);
        var sectors = new List<SectorDefinition>();
        foreach (var s in root.Required("sectors").Items())
        {
            var idNode = s.Required("id");
            var id = idNode.String();
            if (!SectorIds.Contains(id)) throw idNode.Error($"unknown sector id '{id}' (expected one of {string.Join(", ", SectorIds)})");
            if (sectors.Any(x => x.Id == id)) throw idNode.Error($"duplicate sector id '{id}'");
            sectors.Add(new SectorDefinition(id, Label(s), Keywords(s.Required("keywords"))));
        }
        var missing = SectorIds.Except(sectors.Select(s => s.Id)).ToList();
        if (missing.Count > 0) throw root.Required("sectors").Error($"missing sectors: {string.Join(", ", missing)}");
        var events = root.Optional("eventTypes") is { } ev
            ? ev.Items().Select(e => new EventTypeDefinition(e.RequiredString("id"), Label(e), Keywords(e.Required("keywords")))).ToList()
            : [];
        var cues = Keywords(root.Required("cooperationCues"));
        return new Taxonomy(sectors, events, cues);
    }

    public SectorDefinition Sector(string id) => Sectors.First(s => s.Id == id);

    /// <summary>A sector's name in <paramref name="language"/>; the id itself for a sector this taxonomy lacks (a summary stored under an older one).</summary>
    public string SectorLabel(string id, string language) => Sectors.FirstOrDefault(s => s.Id == id)?.Label.For(language) ?? id;

    private static LocalizedLabel Label(ConfigNode n)
    {
        var label = n.Required("label");
        return new LocalizedLabel(label.RequiredString("vi"), label.RequiredString("en"));
    }

    private static List<Keyword> Keywords(ConfigNode list)
    {
        var result = new List<Keyword>();
        foreach (var k in list.Items())
        {
            if (k.Kind == System.Text.Json.JsonValueKind.String) result.Add(new Keyword(k.String(), 1.0));
            else
            {
                var weight = k.Optional("weight")?.Number() ?? 1.0;
                if (weight is <= 0 or > 10) throw k.Required("weight").Error($"weight {weight} is out of range (0, 10]");
                result.Add(new Keyword(k.RequiredString("text"), weight));
            }
        }
        if (result.Count == 0) throw list.Error("must list at least one keyword");
        return result;
    }
}
