namespace NewsMonitor.Config;

public enum PlaceKind { Name, Place, Organization, Exclusion }

/// <summary>A phrase that points at a country (or an international organisation as a partner of its own).</summary>
/// <param name="Code">ISO 3166-1 alpha-2 code, or an organisation id such as <c>ASEAN</c>, <c>EU</c>.</param>
/// <param name="Ambiguous">The phrase is also an ordinary word or part of names: it must be capitalised and pass context rules.</param>
public sealed record GazetteerEntry(string Code, string Phrase, PlaceKind Kind, bool Ambiguous);

/// <summary>A provincial-level unit in force since 1 July 2025, its aliases, the pre-merger names it absorbed and well-known places in it.</summary>
public sealed record VietnameseProvince(string Name, IReadOnlyList<string> Aliases, IReadOnlyList<string> FormerNames, IReadOnlyList<string> Places);

/// <summary>
/// Country names (CLDR's Vietnamese territory names plus curated aliases, places, organisations and
/// exclusions) and Vietnamese provinces, from <c>config/gazetteer/</c>. Validated on load.
/// </summary>
public sealed class Gazetteer
{
    public IReadOnlyList<GazetteerEntry> Entries { get; }

    /// <summary>Display name (Vietnamese) per code.</summary>
    public IReadOnlyDictionary<string, string> Names { get; }

    public IReadOnlyList<VietnameseProvince> Provinces { get; }

    /// <summary>Codes that are international organisations rather than countries.</summary>
    public IReadOnlySet<string> International { get; }

    /// <summary>
    /// Matching keys (<see cref="Text.VietnameseText.MatchKey"/>) of the places that are seats of international
    /// organisations ("venues": Geneva, Brussels): places of their country, but a meeting there is not cooperation with it.
    /// </summary>
    public IReadOnlySet<string> Venues { get; }

    private Gazetteer(List<GazetteerEntry> entries, Dictionary<string, string> names, List<VietnameseProvince> provinces, HashSet<string> international, HashSet<string> venues)
    {
        Entries = entries;
        Names = names;
        Provinces = provinces;
        International = international;
        Venues = venues;
    }

    public static Gazetteer Load(string directory)
    {
        var entries = new List<GazetteerEntry>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var international = new HashSet<string>(StringComparer.Ordinal);
        var venues = new HashSet<string>(StringComparer.Ordinal);

        var cldr = ConfigNode.Load(Path.Combine(directory, "countries.cldr.json"));
        foreach (var (code, list) in cldr.Required("countries").Properties())
        {
            if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper)) throw list.Error($"'{code}' is not an ISO 3166-1 alpha-2 code");
            var cldrNames = list.Items().Select(n => n.String()).ToList();
            if (cldrNames.Count == 0) throw list.Error("needs at least one name");
            foreach (var n in cldrNames) entries.Add(new GazetteerEntry(code, n, PlaceKind.Name, false));
            names[code] = cldrNames[0];
        }

        var curated = ConfigNode.Load(Path.Combine(directory, "countries.json"));
        foreach (var (code, c) in curated.Required("countries").Properties())
        {
            if (!names.ContainsKey(code)) throw c.Error($"'{code}' is not a code in countries.cldr.json");
            AddCurated(entries, code, c);
            foreach (var v in c.StringList("venues"))
            {
                entries.Add(new GazetteerEntry(code, v, PlaceKind.Place, false));
                venues.Add(Text.VietnameseText.MatchKey(v));
            }
        }
        if (curated.Optional("international") is { } intl)
        {
            foreach (var (code, c) in intl.Properties())
            {
                international.Add(code);
                var list = c.StringList("names");
                if (list.Count == 0) throw c.Error("needs at least one name");
                names[code] = list[0];
                AddCurated(entries, code, c);
            }
        }

        // A phrase that is ambiguous for a code is ambiguous in every entry of that code (CLDR lists "Đức" and "Mỹ"
        // as plain names; the curated file marks them ambiguous), and each (code, phrase, kind) is kept once.
        var ambiguous = entries.Where(e => e.Ambiguous).Select(e => (e.Code, Key: Text.VietnameseText.MatchKey(e.Phrase))).ToHashSet();
        entries = entries
            .Select(e => e with { Ambiguous = e.Ambiguous || ambiguous.Contains((e.Code, Text.VietnameseText.MatchKey(e.Phrase))) })
            .GroupBy(e => (e.Code, Key: Text.VietnameseText.MatchKey(e.Phrase), e.Kind, e.Phrase))
            .Select(g => g.First())
            .ToList();

        var provinces = new List<VietnameseProvince>();
        var localities = Path.Combine(directory, "vn-localities.json");
        if (File.Exists(localities))
        {
            var root = ConfigNode.Load(localities);
            foreach (var p in root.Required("provinces").Items())
                provinces.Add(new VietnameseProvince(p.RequiredString("name"), p.StringList("aliases"), p.StringList("formerNames"), p.StringList("places")));
        }
        return new Gazetteer(entries, names, provinces, international, venues);
    }

    private static void AddCurated(List<GazetteerEntry> entries, string code, ConfigNode c)
    {
        var ambiguous = new HashSet<string>(c.StringList("ambiguousNames"), StringComparer.Ordinal);
        foreach (var n in c.StringList("names")) entries.Add(new GazetteerEntry(code, n, PlaceKind.Name, ambiguous.Contains(n)));
        foreach (var n in ambiguous.Where(a => !c.StringList("names").Contains(a))) entries.Add(new GazetteerEntry(code, n, PlaceKind.Name, true));
        foreach (var n in c.StringList("demonyms")) entries.Add(new GazetteerEntry(code, n, PlaceKind.Name, false));
        foreach (var n in c.StringList("places")) entries.Add(new GazetteerEntry(code, n, PlaceKind.Place, false));
        foreach (var n in c.StringList("organizations")) entries.Add(new GazetteerEntry(code, n, PlaceKind.Organization, false));
        foreach (var n in c.StringList("exclusions")) entries.Add(new GazetteerEntry(code, n, PlaceKind.Exclusion, false));
    }
}
