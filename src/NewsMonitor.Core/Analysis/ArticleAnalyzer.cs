using System.Globalization;
using System.Text.RegularExpressions;
using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Analysis;

/// <summary>Thresholds of the analyser. Each is named and explained so maintainers can tune them with <c>eval</c>.</summary>
public sealed class AnalysisOptions
{
    /// <summary>A sector is assigned when its weighted keyword score reaches this (about three distinct cues).</summary>
    public double SectorThreshold { get; set; } = 3.0;

    /// <summary>A secondary sector must reach this share of the main sector's score: a long visit report mentions many fields in passing.</summary>
    public double SecondarySectorShare { get; set; } = 0.4;

    /// <summary>Keyword hits beyond this many per keyword add nothing: a long report repeating "y tế" is not more "health".</summary>
    public int MaxHitsPerKeyword { get; set; } = 3;

    /// <summary>A country is a partner when its mentions score this much (title 3, cooperation sentence 2, lead 1.5, other 0.5).</summary>
    public double PartnerThreshold { get; set; } = 3.0;

    /// <summary>
    /// A partner also scores at least this share of the most-mentioned country: a report on a visit to Japan that
    /// names the United States in passing a few times is about Japan (dev set: partner F1 0.744 → 0.767).
    /// </summary>
    public double PartnerShareOfTop { get; set; } = 0.4;

    /// <summary>Distinct cooperation cues needed for relevance ("hợp tác", "ký kết", "Đại sứ"…).</summary>
    public int MinCooperationCues { get; set; } = 2;

    /// <summary>
    /// Weighted cues an event type needs: a hit counts its keyword's weight (2 for a telling phrase such as "ký kết",
    /// 0.5 for a word that is often just context such as "hiệp định"), twice in the title.
    /// </summary>
    public double MinEventCues { get; set; } = 3;

    /// <summary>Sentences in the extractive summary.</summary>
    public int SummarySentences { get; set; } = 3;

    /// <summary>Summary length budget in characters: 2–3 sentences of news lead, at most 400 characters.</summary>
    public int SummaryMaxChars { get; set; } = 400;
}

/// <summary>What the analyser found in one article; the pipeline adds ids, URLs and the cluster.</summary>
public sealed record Analysis(
    bool Relevant,
    double RelevanceScore,
    IReadOnlyList<CountryTag> PartnerCountries,
    IReadOnlyList<CountryTag> CountriesMentioned,
    IReadOnlyList<SectorTag> Sectors,
    IReadOnlyList<EventTypeTag> EventTypes,
    IReadOnlyList<LocalityTag> Localities,
    IReadOnlyList<PersonTag> People,
    IReadOnlyList<OrganizationTag> Organizations,
    IReadOnlyList<AmountTag> Amounts,
    IReadOnlyList<string> Summary,
    int WordCount,
    string Language = LanguageDetector.Vietnamese)
{
    /// <summary>Dates the article names, resolved against its date.</summary>
    public IReadOnlyList<DateTag> Dates { get; init; } = [];
}

/// <summary>
/// The explainable analyser: relevance, partner countries, sectors, event types, localities, people, organisations,
/// amounts and a lead summary, every label with the text that caused it. Thread-safe after construction.
/// </summary>
public sealed partial class ArticleAnalyzer
{
    private readonly Taxonomy _taxonomy;
    private readonly AnalysisOptions _options;
    private readonly CountryTagger _countries;
    private readonly PhraseMatcher<(string Sector, double Weight)> _sectorWords = new();
    private readonly PhraseMatcher<(EventTypeDefinition Event, double Weight)> _eventWords = new();
    private readonly PhraseMatcher<Keyword> _cues = new();
    private readonly PhraseMatcher<(string Name, string? Current)> _provinces = new();
    private readonly PhraseMatcher<GazetteerEntry> _foreignPlacesAndOrgs = new();
    private readonly PhraseMatcher<GazetteerEntry> _countryNames = new();
    private readonly IReadOnlySet<string> _international;
    private readonly IReadOnlySet<string> _venues;

    public ArticleAnalyzer(Taxonomy taxonomy, Gazetteer gazetteer, AnalysisOptions? options = null)
    {
        _taxonomy = taxonomy;
        _international = gazetteer.International;
        _venues = gazetteer.Venues;
        _options = options ?? new AnalysisOptions();
        _countries = new CountryTagger(gazetteer);
        foreach (var s in taxonomy.Sectors) foreach (var k in s.Keywords) _sectorWords.Add(k.Text, (s.Id, k.Weight));
        foreach (var e in taxonomy.EventTypes) foreach (var k in e.Keywords) _eventWords.Add(k.Text, (e, k.Weight));
        foreach (var c in taxonomy.CooperationCues) _cues.Add(c.Text, c);
        foreach (var p in gazetteer.Provinces)
        {
            _provinces.Add(p.Name, (p.Name, null));
            foreach (var a in p.Aliases) _provinces.Add(a, (p.Name, null));
            foreach (var f in p.FormerNames) _provinces.Add(f, (f, p.Name));
            foreach (var place in p.Places) _provinces.Add(place, (place, p.Name));
        }
        foreach (var e in gazetteer.Entries.Where(e => e.Kind is PlaceKind.Place or PlaceKind.Organization)) _foreignPlacesAndOrgs.Add(e.Phrase, e);
        foreach (var e in gazetteer.Entries.Where(e => e.Kind == PlaceKind.Name && !gazetteer.International.Contains(e.Code))) _countryNames.Add(e.Phrase, e);
    }

    public CountryTagger Countries => _countries;

    /// <summary>
    /// The country of a place name when the gazetteer knows the whole name: <c>VN</c> for a Vietnamese province (current or
    /// former) or a place in one, the ISO code for a foreign place or a country; null otherwise. For places another
    /// component found (an enricher), which come without a country.
    /// </summary>
    public string? CountryOfPlace(string name)
    {
        var text = new TokenizedText(VietnameseText.Clean(name));
        int n = text.Tokens.Count;
        if (n == 0) return null;
        if (_provinces.MatchesAt(text.Tokens, 0).Any(m => m.Length == n)) return "VN";
        foreach (var (length, entry) in _foreignPlacesAndOrgs.MatchesAt(text.Tokens, 0))
            if (length == n && entry.Kind == PlaceKind.Place) return entry.Code;
        // The whole name is a country's name. Ambiguous names ("Đức", "Anh") count here: whoever found the place already
        // decided it is a place, which is what the tagger's context rules are for.
        foreach (var (length, entry) in _countryNames.MatchesAt(text.Tokens, 0))
            if (length == n) return entry.Code;
        return null;
    }

    /// <param name="published">The article's date, against which dates without a year are resolved; null when unknown.</param>
    public Analysis Analyze(string title, IReadOnlyList<string> paragraphs, DateTimeOffset? published = null)
    {
        var cleanTitle = VietnameseText.Clean(title);
        var body = string.Join('\n', paragraphs.Select(VietnameseText.Clean).Where(p => p.Length > 0));
        var titleText = new TokenizedText(cleanTitle);
        var bodyText = new TokenizedText(body);

        var cueSentences = CueSentences(bodyText, out var distinctCues);
        CueSentences(titleText, out var titleCueSet);
        distinctCues.UnionWith(titleCueSet);

        // Countries: mentions in title and body; Vietnam itself is the home side, not a partner. The home side is named:
        // "hai nước" and "trong nước" are said of any two countries or any country's home market (tricky articles given
        // a partner: 2 → 0).
        var titleMentions = _countries.Find(titleText);
        var bodyMentions = _countries.Find(bodyText);
        bool vietnamSide = titleMentions.Concat(bodyMentions).Any(m => m.Code == "VN") || HasVietnameseLocality(titleText) || HasVietnameseLocality(bodyText)
                           || bodyText.Tokens.Count > 0 && HomeSidePhrase().IsMatch(body);
        int leadSentences = Math.Min(2, bodyText.Sentences.Count);
        var scores = new Dictionary<string, double>();
        var evidence = new Dictionary<string, List<Evidence>>();
        void Score(CountryMention m, double points, TokenizedText source)
        {
            if (m.Code == "VN" || IsVenueOnly(m) || IsOrganisationJoined(m, source)) return;
            scores[m.Code] = scores.GetValueOrDefault(m.Code) + points * (m.Kind == PlaceKind.Organization ? OrganizationWeight : 1);
            var list = evidence.TryGetValue(m.Code, out var l) ? l : evidence[m.Code] = [];
            if (list.Count < 3 && list.All(e => e.Text != m.Text || e.Context != source.ContextOf(m.TokenIndex)))
                list.Add(new Evidence(m.Text, source.ContextOf(m.TokenIndex)));
        }
        foreach (var m in titleMentions) Score(m, 3, titleText);
        foreach (var m in bodyMentions)
            Score(m, cueSentences.Contains(m.Sentence) ? 2 : m.Sentence < leadSentences ? 1.5 : 0.5, bodyText);

        // "Việt Nam - Trung Quốc", "VN - Mỹ": a pair written with a dash names a relation between the two.
        if (BilateralPair(titleMentions, titleText) || BilateralPair(bodyMentions, bodyText)) distinctCues.Add("pair");
        bool relevantByCues = distinctCues.Count >= _options.MinCooperationCues;
        double topScore = scores.Values.DefaultIfEmpty(0).Max();
        var partnerCodes = scores.Where(kv => kv.Value >= _options.PartnerThreshold && kv.Value >= _options.PartnerShareOfTop * topScore).OrderByDescending(kv => kv.Value).Select(kv => kv.Key).ToList();
        bool relevant = relevantByCues && vietnamSide && partnerCodes.Count > 0;
        double relevance = Math.Round(Math.Min(1.0,
            0.15 * Math.Min(distinctCues.Count, 4) + (partnerCodes.Count > 0 ? 0.25 : 0) + (vietnamSide ? 0.15 : 0)), 3);
        if (!relevant) relevance = Math.Min(relevance, 0.49);
        if (!relevant) partnerCodes.Clear();

        CountryTag Tag(string code) => new(code, _countries.NameOf(code), evidence[code]);
        var partners = partnerCodes.Select(Tag).ToList();
        var mentioned = scores.Keys.Where(c => !partnerCodes.Contains(c)).OrderByDescending(c => scores[c]).Select(Tag).ToList();

        // Sectors and event types describe the cooperation: an article that is not about cooperation has none.
        var events = relevant ? TagEvents(titleText, bodyText) : [];
        var sectors = relevant ? TagSectors(titleText, bodyText) : [];
        var summary = Summarize(bodyText);
        return new Analysis(relevant, relevance, partners, mentioned, sectors, events,
            Localities(bodyText), People(body), Organizations(bodyText), Amounts(body), summary, bodyText.Tokens.Count,
            LanguageDetector.Detect(cleanTitle + "\n" + body))
        {
            Dates = DateExpressions.Find(body, published is { } p ? DateOnly.FromDateTime(VietnamTime.Of(p).DateTime) : null),
        };
    }

    /// <summary>Whether a country follows Vietnam and a dash ("Việt Nam - Lào", "VN - Nhật Bản", "Việt - Mỹ").</summary>
    private static bool BilateralPair(IReadOnlyList<CountryMention> mentions, TokenizedText text)
    {
        foreach (var m in mentions)
        {
            if (m.Code == "VN" || m.TokenIndex < 1) continue;
            var (before, token) = (text.Tokens[m.TokenIndex - 1], text.Tokens[m.TokenIndex]);
            if (before.Key is not ("nam" or "vn" or "việt") || before.Sentence != token.Sentence) continue;
            int end = before.Start + before.Original.Length;
            if (text.Text.AsSpan(end, token.Start - end).Trim() is "-" or "–") return true;
        }
        return false;
    }

    /// <summary>
    /// A country's agency, bank or firm (JICA, JBIC, AFD, SIDA…) acting in a sentence is a stronger sign of that
    /// country as the partner than its name in passing (dev set: partner F1 0.767 → 0.772).
    /// </summary>
    private const double OrganizationWeight = 1.5;

    /// <summary>
    /// A seat of international organisations (<see cref="Gazetteer.Venues"/>): a meeting in Geneva or Brussels is a
    /// WTO, UN or EU meeting, not cooperation with Switzerland or Belgium (the country's own name still counts).
    /// </summary>
    private bool IsVenueOnly(CountryMention m) => m.Kind == PlaceKind.Place && _venues.Contains(VietnameseText.MatchKey(m.Text));

    /// <summary>
    /// An organisation named as what Vietnam joins or belongs to ("gia nhập WTO", "vào WTO", "thành viên của ASEAN"), or
    /// as a region ("trung tâm y tế khu vực ASEAN"), is the setting, not the partner: the partners are those Vietnam
    /// negotiates or meets with.
    /// </summary>
    private bool IsOrganisationJoined(CountryMention m, TokenizedText text)
    {
        if (!_international.Contains(m.Code) || m.TokenIndex < 1) return false;
        string Key(int back) => m.TokenIndex - back >= 0 ? text.Tokens[m.TokenIndex - back].Key : "";
        string one = Key(1), two = Key(2) + " " + Key(1), three = Key(3) + " " + two;
        return one is "vào" || two is "gia nhập" or "thành viên" or "tham gia" or "khu vực" || three is "thành viên của";
    }

    /// <summary>The weight the taxonomy gives a telling event phrase (2), as opposed to context words (0.5, 1).</summary>
    private const double TellingEventWeight = 2.0;

    private HashSet<int> CueSentences(TokenizedText text, out HashSet<string> distinct)
    {
        var sentences = new HashSet<int>();
        distinct = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < text.Tokens.Count; i++)
            foreach (var (length, cue) in _cues.MatchesAt(text.Tokens, i))
            {
                sentences.Add(text.Tokens[i].Sentence);
                distinct.Add(VietnameseText.MatchKey(cue.Text));
                i += length - 1;
                break;
            }
        // A telling event phrase ("hội thảo", "viện trợ", "chuyến thăm": weight 2 in the taxonomy) is a cue of its own, so
        // one that is also a cooperation cue ("viện trợ", "học bổng") counts twice: it names the relation and what
        // happened (dev set: relevance F1 0.930 → 0.955 with the narrower home side below, partners 0.772 → 0.796).
        for (int i = 0; i < text.Tokens.Count; i++)
            foreach (var (length, (_, weight)) in _eventWords.MatchesAt(text.Tokens, i))
            {
                if (weight < TellingEventWeight) continue;
                distinct.Add("event:" + VietnameseText.MatchKey(text.Span(i, i + length)));
                i += length - 1;
                break;
            }
        return sentences;
    }

    private bool HasVietnameseLocality(TokenizedText text)
    {
        for (int i = 0; i < text.Tokens.Count; i++)
            if (text.Tokens[i].IsCapitalized && _provinces.MatchesAt(text.Tokens, i).Any()) return true;
        return false;
    }

    private List<SectorTag> TagSectors(TokenizedText title, TokenizedText body)
    {
        var score = new Dictionary<string, double>();
        var hits = new Dictionary<(string, string), int>();
        var evidence = new Dictionary<string, List<Evidence>>();
        void Scan(TokenizedText text, double factor)
        {
            for (int i = 0; i < text.Tokens.Count; i++)
            {
                foreach (var (length, (sector, weight)) in _sectorWords.MatchesAt(text.Tokens, i))
                {
                    var phrase = text.Span(i, i + length);
                    var key = (sector, VietnameseText.MatchKey(phrase));
                    int n = hits.GetValueOrDefault(key);
                    if (n < _options.MaxHitsPerKeyword)
                    {
                        hits[key] = n + 1;
                        score[sector] = score.GetValueOrDefault(sector) + weight * factor;
                        var list = evidence.TryGetValue(sector, out var l) ? l : evidence[sector] = [];
                        if (n == 0 && list.Count < 5) list.Add(new Evidence(phrase, text.ContextOf(i)));
                    }
                }
            }
        }
        Scan(title, 2.0);
        Scan(body, 1.0);
        // Diplomacy is the relations themselves: a sector of its own when the cooperation names no other field, or when
        // the relations weigh at least as much as the strongest field (talks between leaders that touch on trade; dev
        // set: sector F1 0.654 → 0.701, the 33 sample pages unchanged).
        double top = score.Where(kv => kv.Key != "diplomacy").Select(kv => kv.Value).DefaultIfEmpty(0).Max();
        double diplomacy = score.GetValueOrDefault("diplomacy");
        var chosen = score.Where(kv => kv.Value >= _options.SectorThreshold
                && (kv.Key == "diplomacy" ? kv.Value >= top : kv.Value >= _options.SecondarySectorShare * top))
            .OrderByDescending(kv => kv.Value).ToList();
        if (chosen.Count == 0)
            chosen.Add(new KeyValuePair<string, double>("diplomacy", Math.Max(diplomacy, _options.SectorThreshold)));
        return chosen.Select(kv => new SectorTag(kv.Key, _taxonomy.Sector(kv.Key).Label.Vi, Math.Round(kv.Value / (kv.Value + 4), 3),
            evidence.TryGetValue(kv.Key, out var e) ? e : [])).ToList();
    }

    private List<EventTypeTag> TagEvents(TokenizedText title, TokenizedText body)
    {
        var found = new Dictionary<string, (EventTypeDefinition Def, List<Evidence> Evidence, double Weight)>();
        foreach (var (text, weight) in new[] { (title, 2.0), (body, 1.0) })
        {
            var names = OrganizationSpans(text);
            for (int i = 0; i < text.Tokens.Count; i++)
                foreach (var (length, (def, cueWeight)) in _eventWords.MatchesAt(text.Tokens, i))
                {
                    // "Hỗ trợ Tài chính" in "Cơ quan Hỗ trợ Tài chính Xuất khẩu Anh" names the agency, not what happened.
                    if (names[i]) break;
                    var entry = found.TryGetValue(def.Id, out var e) ? e : (def, new List<Evidence>(), 0.0);
                    if (entry.Item2.Count < 3) entry.Item2.Add(new Evidence(text.Span(i, i + length), text.ContextOf(i)));
                    found[def.Id] = (entry.Item1, entry.Item2, entry.Item3 + weight * cueWeight);
                    break;
                }
            // "Đức hỗ trợ 15 triệu euro", "Nhật Bản cho vay 98,5 tỷ yên": a sum given or lent is funding, whatever the
            // verb, and enough on its own.
            if (_taxonomy.EventTypes.FirstOrDefault(d => d.Id == "funding") is { } funding)
                foreach (var sentence in text.Sentences)
                    if (GrantOfMoney().Match(sentence) is { Success: true } grant)
                    {
                        var entry = found.TryGetValue(funding.Id, out var e) ? e : (funding, new List<Evidence>(), 0.0);
                        if (entry.Item2.Count < 3) entry.Item2.Add(new Evidence(grant.Value, sentence));
                        found[funding.Id] = (entry.Item1, entry.Item2, entry.Item3 + Math.Max(weight * TellingEventWeight, _options.MinEventCues));
                        break;
                    }
        }
        // One passing mention of "đầu tư" (weight 0.5) in a visit report is not an investment event: telling phrases or a title hit are.
        return found.Values.Where(v => v.Weight >= _options.MinEventCues).OrderByDescending(v => v.Weight)
            .Select(v => new EventTypeTag(v.Def.Id, v.Def.Label.Vi, v.Evidence)).ToList();
    }

    /// <summary>The tokens inside the name of an organisation the gazetteer knows (a foreign agency, bank or firm).</summary>
    private bool[] OrganizationSpans(TokenizedText text)
    {
        var inside = new bool[text.Tokens.Count];
        for (int i = 0; i < text.Tokens.Count; i++)
            foreach (var (length, entry) in _foreignPlacesAndOrgs.MatchesAt(text.Tokens, i))
            {
                if (entry.Kind == PlaceKind.Organization && length > 1) Array.Fill(inside, true, i, length);
                i += length - 1;
                break;
            }
        return inside;
    }

    private List<LocalityTag> Localities(TokenizedText text)
    {
        var result = new List<LocalityTag>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < text.Tokens.Count; i++)
        {
            if (!text.Tokens[i].IsCapitalized) continue;
            foreach (var (length, (name, current)) in _provinces.MatchesAt(text.Tokens, i))
            {
                if (seen.Add(name)) result.Add(new LocalityTag(name, "VN", new Evidence(text.Span(i, i + length), text.ContextOf(i)), current));
                i += length - 1;
                goto next;
            }
            foreach (var (length, entry) in _foreignPlacesAndOrgs.MatchesAt(text.Tokens, i))
            {
                if (entry.Kind == PlaceKind.Place && seen.Add(entry.Phrase))
                    result.Add(new LocalityTag(entry.Phrase, entry.Code, new Evidence(text.Span(i, i + length), text.ContextOf(i))));
                i += length - 1;
                break;
            }
        next:;
        }
        return result;
    }

    private List<OrganizationTag> Organizations(TokenizedText text)
    {
        var result = new List<OrganizationTag>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < text.Tokens.Count; i++)
            foreach (var (length, entry) in _foreignPlacesAndOrgs.MatchesAt(text.Tokens, i))
            {
                if (entry.Kind == PlaceKind.Organization && seen.Add(entry.Phrase))
                    result.Add(new OrganizationTag(entry.Phrase, entry.Code, new Evidence(text.Span(i, i + length), text.ContextOf(i))));
                i += length - 1;
                break;
            }
        foreach (Match m in OrganizationHead().Matches(text.Text))
        {
            var name = OrganizationName(m.Value, text.Text.AsSpan(m.Index + m.Length));
            if (name is null) continue;
            if (result.Any(r => r.Name.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(r.Name, StringComparison.OrdinalIgnoreCase) && r.Country is not null)) continue;
            if (seen.Add(name)) result.Add(new OrganizationTag(name, null, new Evidence(name, text.ContextOf(TokenAt(text, m.Index)))));
        }
        return result;
    }

    /// <summary>
    /// The name that follows an organisation's head word ("Bộ", "Trường Đại học", "Tập đoàn"…), read word by word to the
    /// end of the clause. Capitalised words belong to it; so do the lower-case syllables of institutions' two-syllable
    /// words, since only a compound's first syllable is capitalised in a name ("Bộ Y tế", "Tập đoàn Dầu khí Việt Nam",
    /// "Trung tâm Đổi mới sáng tạo Quốc gia", see <see cref="LowerCaseWordsOfName"/>); any other lower-case word ends it
    /// ("Bộ Y tế cho biết"), as do a second organisation after "và", the holder's name after a state body and an aside in
    /// parentheses. Null when only the head is left.
    /// </summary>
    private static string? OrganizationName(string head, ReadOnlySpan<char> rest)
    {
        // The words up to the end of the clause.
        var next = new List<string>();
        rest = rest.TrimStart(' ');
        if (rest.IndexOf('\n') is >= 0 and var end) rest = rest[..end];
        foreach (var range in rest.Split(' '))
        {
            var raw = rest[range];
            var word = raw.TrimEnd(",.;:!?)\"”").ToString();
            if (raw.StartsWith('(')) break; // "(NIC)", "(Anh)": an aside ends the name
            if (word.Length > 0) next.Add(word);
            if (word.Length < raw.Length || word.Length == 0 || next.Count == 12) break;
        }
        var parts = new List<string>(head.Split(' '));
        int headWords = parts.Count;
        var last = NamePart.Head;
        for (int i = 0; i < next.Count; i++)
        {
            var word = next[i];
            var pair = i + 1 < next.Count ? word + " " + next[i + 1] : "";
            if (OrganizationConnectors.Contains(pair) || OrganizationConnectors.Contains(word))
            {
                // "Bộ Giáo dục và Đào tạo và Tổ chức Hợp tác quốc tế Đức": "và" before another head joins two organisations.
                if (word == "và" && i + 1 < next.Count && (OrganizationHeads.Contains(next[i + 1]) || i + 2 < next.Count && OrganizationHeads.Contains(next[i + 1] + " " + next[i + 2]))) break;
                int n = OrganizationConnectors.Contains(pair) ? 2 : 1;
                parts.AddRange(next.Skip(i).Take(n));
                i += n - 1;
                last = NamePart.Connector;
            }
            else if (char.IsUpper(word[0]))
            {
                // "Thứ trưởng Bộ Ngoại giao Nguyễn Phú Bình": a surname after a field's name starts the person's name.
                // A person's name has two or more capitalised syllables: "Đào tạo" is a field, "Lê Quang Đức" a person.
                if ((last == NamePart.Compound || StateBodies.Contains(head)) && Surnames.Contains(word)
                    && i + 1 < next.Count && char.IsUpper(next[i + 1][0])) break;
                parts.Add(word);
                last = NamePart.Capitalised;
            }
            else if (last is NamePart.Capitalised or NamePart.Compound && InstitutionCompounds.Contains(VietnameseText.MatchKey(parts[^1] + " " + word)))
            {
                parts.Add(word); // "Y tế", "Tài chính", "Dầu khí"
                last = NamePart.Compound;
            }
            else if (last is NamePart.Compound or NamePart.Connector && LowerCaseWordsOfName(next, i))
            {
                parts.Add(word); parts.Add(next[i + 1]); // "Đổi mới sáng tạo", "Phát triển nông thôn"
                i++;
                last = NamePart.Compound;
            }
            else break;
        }
        // A connector joins; it does not end a name.
        while (parts.Count > headWords && last == NamePart.Connector && parts[^1] is "và" or "tỉnh" or "phố")
            parts.RemoveRange(parts.Count - (parts[^1] == "phố" ? 2 : 1), parts[^1] == "phố" ? 2 : 1);
        var name = string.Join(' ', parts);
        // A head alone is not a name.
        return parts.Count <= headWords ? null : name;
    }

    private enum NamePart { Head, Capitalised, Compound, Connector }

    /// <summary>
    /// Whether the lower-case two-syllable word at <paramref name="i"/> belongs to the name: it is an institution's word
    /// and the name goes on after it (a capitalised word, another such word) or the clause does (its end, "đã", "cho"…),
    /// as in "Trung tâm Đổi mới sáng tạo Quốc gia" or "Bộ Nông nghiệp và Phát triển nông thôn đã" but not "Cục Phòng bệnh
    /// xây dựng kế hoạch".
    /// </summary>
    private static bool LowerCaseWordsOfName(List<string> next, int i)
    {
        if (i + 1 >= next.Count || !char.IsLower(next[i][0]) || !char.IsLower(next[i + 1][0])
            || !InstitutionCompounds.Contains(VietnameseText.MatchKey(next[i] + " " + next[i + 1]))) return false;
        int j = i + 2;
        // "quốc tế" and "quốc gia" end a name as often as they continue one ("Trung tâm Tài chính quốc tế tại TP.HCM").
        return j == next.Count || char.IsUpper(next[j][0]) || next[i] == "quốc" || ClauseWords.Contains(next[j]) || LowerCaseWordsOfName(next, j);
    }

    /// <summary>Words that follow a name to start the rest of the clause ("Bộ Nông nghiệp và Phát triển nông thôn đã ký…").</summary>
    private static readonly HashSet<string> ClauseWords = new(StringComparer.Ordinal)
        { "đã", "sẽ", "đang", "vừa", "cũng", "cho", "là", "có", "được", "với", "tại", "trong", "về", "để", "của", "khi", "thì", "không", "chưa", "theo", "do" };

    /// <summary>Head words of organisations' names, to tell "Bộ Giáo dục và Đào tạo" from "Bộ Giáo dục và Tổ chức…".</summary>
    private static readonly HashSet<string> OrganizationHeads = new(StringComparer.Ordinal)
    {
        "Bộ", "Sở", "Trường", "Đại học", "Học viện", "Ngân hàng", "Tập đoàn", "Tổng công ty", "Công ty", "Viện", "Trung tâm",
        "Hiệp hội", "Hội", "Tổ chức", "Cơ quan", "Quỹ", "Bệnh viện", "Tổng cục", "Cục", "UBND", "Ủy ban", "Đại sứ quán",
    };

    /// <summary>Heads of state bodies, which are never named after a person ("UBND TP.HCM Nguyễn Lộc Hà" is an office and its holder).</summary>
    private static readonly HashSet<string> StateBodies = new(StringComparer.Ordinal)
        { "Bộ", "Sở", "UBND", "Ủy ban", "Cục", "Tổng cục", "Cơ quan", "Đại sứ quán", "Tổng Lãnh sự quán" };

    /// <summary>
    /// Two-syllable words of institutions' names, written with only the first syllable capitalised in a name ("Bộ Y tế",
    /// "Tập đoàn Dầu khí"): a name goes on through them, and stops at any other lower-case word ("Bộ Y tế cho biết").
    /// </summary>
    private static readonly HashSet<string> InstitutionCompounds = new[]
    {
        "y tế", "tài chính", "ngoại giao", "công an", "quốc phòng", "giáo dục", "đào tạo", "thương mại", "công nghiệp",
        "nông nghiệp", "kế hoạch", "đầu tư", "xây dựng", "giao thông", "vận tải", "tư pháp", "nội vụ", "khoa học", "công nghệ",
        "văn hóa", "thể thao", "du lịch", "lao động", "thương binh", "xã hội", "tài nguyên", "môi trường", "thông tin",
        "truyền thông", "công thương", "dầu khí", "hàng không", "hàng hải", "đa khoa", "bách khoa", "nhân dân", "chính trị",
        "trung ương", "phát triển", "nông thôn", "đổi mới", "sáng tạo", "lương thực", "viễn thông", "điện lực", "ngân hàng",
        "bảo hiểm", "chứng khoán", "kiểm soát", "bệnh tật", "dịch tễ", "vệ sinh", "quản lý", "nghiên cứu", "quản trị",
        "kinh tế", "ngoại thương", "quy hoạch", "thủy sản", "lâm nghiệp", "hợp tác", "quốc tế", "quốc gia", "hữu nghị",
        "đối ngoại", "ngoại vụ", "xuất khẩu", "nhập khẩu", "hỗ trợ", "nhà nước", "tiền tệ", "thống kê", "hải quan",
        "kiểm tra", "tuyên giáo", "dân vận", "tổ chức", "xúc tiến", "năng lượng", "tái tạo", "nhi đồng", "phụ nữ",
        "thanh niên", "chiến binh", "liên hiệp", "biên phòng", "cảnh sát", "hóa chất", "dệt may", "cao su",
        "điện tử", "tin học", "bưu chính", "tiêu chuẩn", "đo lường", "chất lượng", "sở hữu", "trí tuệ", "ngoại ngữ",
        "sư phạm", "kiến trúc", "mỹ thuật", "âm nhạc", "sân khấu", "điện ảnh", "báo chí", "xuất bản", "phát thanh",
        "truyền hình", "lữ hành", "vận chuyển", "cảng biển", "đường sắt", "đường bộ", "thủy lợi", "môi sinh", "khí tượng",
        "thủy văn", "địa chất", "khoáng sản", "bản đồ", "đo đạc", "dân số", "gia đình", "trẻ em", "bình đẳng",
        "nhân đạo", "chữ thập", "tim mạch", "ung bướu", "nhi khoa", "sản khoa", "nội tiết", "truyền nhiễm", "nhiệt đới",
        "chính phủ", "thường vụ", "chỉ huy", "thế giới", "cộng hòa", "vương quốc", "phân bón", "thực phẩm", "dược phẩm",
        "phúc lợi", "nhân văn", "tự nhiên", "bảo vệ", "an ninh", "an toàn", "sinh học", "nông sản", "vật liệu", "y học",
        "tư lệnh", "quân sự", "quân đội", "chiến lược", "dân dụng", "dân sự", "hành chính", "tưởng niệm", "tín dụng",
        "phòng bệnh", "phòng chống", "phòng ngừa", "dịch bệnh",
    }.Select(VietnameseText.MatchKey).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Common Vietnamese surnames that do not begin a province's name (so not Hà, Lâm, Cao, Thái): after a field's name,
    /// one starts the name of the person who holds the office.
    /// </summary>
    private static readonly HashSet<string> Surnames = new(StringComparer.Ordinal)
    {
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Ngô", "Lý",
        "Đinh", "Trương", "Đoàn", "Trịnh", "Lưu", "Đào", "Tăng", "Chu", "Lương", "Tạ", "Vương", "Triệu", "Quách", "Nông", "Hứa",
    };

    /// <summary>Words that join the parts of a name ("Sở Y tế tỉnh Quảng Nam", "Bộ Khoa học và Công nghệ") but do not end one.</summary>
    private static readonly HashSet<string> OrganizationConnectors = new(StringComparer.Ordinal) { "và", "tỉnh", "thành phố" };

    private static int TokenAt(TokenizedText text, int offset)
    {
        for (int i = 0; i < text.Tokens.Count; i++) if (text.Tokens[i].Start >= offset) return i;
        return Math.Max(0, text.Tokens.Count - 1);
    }

    /// <summary>First words of titles and offices: a "name" that starts with one is the rest of a title ("bà Tổng Lãnh sự").</summary>
    private static readonly HashSet<string> TitleWords = new(["Tổng", "Phó", "Chủ", "Giám", "Bí", "Thứ", "Bộ", "Lãnh", "Thủ", "Hiệu", "Viện", "Trưởng", "Đại", "Thị", "Sở", "Ủy", "UBND"], StringComparer.Ordinal);

    private List<PersonTag> People(string text)
    {
        var result = new List<PersonTag>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in PersonWithTitle().Matches(text))
        {
            var name = m.Groups["name"].Value.Trim();
            var title = m.Groups["title"].Value.Trim();
            // "Phó thị trưởng vùng đô thị Liverpool Mike Wharton": the place belongs to the title.
            // So does a country's name ("Chủ tịch Trung Quốc Hồ Cẩm Đào", "Đại sứ Mỹ Michael Michalak").
            var words = name.Split(' ');
            for (int n = Math.Min(2, words.Length - 1); n >= 1; n--)
                if (CountryOfPlace(string.Join(' ', words[..n])) is not null)
                {
                    title = title + " " + string.Join(' ', words[..n]);
                    name = string.Join(' ', words[n..]);
                    break;
                }
            // A place is not a person ("thành phố Hồ Chí Minh", "Cần Thơ"), nor is the rest of a title.
            if (title.EndsWith("thành phố", StringComparison.Ordinal) || title.EndsWith("tỉnh", StringComparison.Ordinal) || title.EndsWith(" tại", StringComparison.Ordinal)) continue;
            if (name.Split(' ').Length < 2 || TitleWords.Contains(name.Split(' ')[0]) || CountryOfPlace(name) is not null) continue;
            if (!seen.Add(name))
            {
                // "ông Nguyễn Thực Hiện" first, "Phó Chủ tịch UBND thành phố Cần Thơ Nguyễn Thực Hiện" later: keep the office.
                int at = result.FindIndex(p => p.Name == name);
                if (at >= 0 && (result[at].Title is null || Honorifics.Contains(result[at].Title!)) && !Honorifics.Contains(title) && title.Length > 0)
                    result[at] = result[at] with { Title = title };
                continue;
            }
            result.Add(new PersonTag(name, title.Length > 0 ? title : null, new Evidence(m.Value.Trim())));
        }
        // "bà Alexandra Smith - Tổng Lãnh sự Vương quốc Anh tại TP HCM": the office written after the name.
        List<(string Name, string Office)>? offices = null;
        for (int i = 0; i < result.Count; i++)
        {
            if (result[i].Title is { } t && !Honorifics.Contains(t)) continue;
            offices ??= OfficeAfterName().Matches(text).Select(a => (a.Groups["name"].Value, a.Groups["office"].Value.Trim())).ToList();
            foreach (var (named, office) in offices)
                if (named == result[i].Name || named.EndsWith(" " + result[i].Name, StringComparison.Ordinal))
                {
                    result[i] = result[i] with { Title = office };
                    break;
                }
            // A form of address is not an office: the person is named, the title unknown.
            if (result[i].Title is { } h && Honorifics.Contains(h)) result[i] = result[i] with { Title = null };
        }
        return result;
    }

    [GeneratedRegex(@"(?<name>(?:[\p{Lu}][\p{Ll}]+ +){1,4}[\p{Lu}][\p{Ll}]+)\s*[-–,]\s*(?<office>(?:" + Offices + @")[^,\-–.;:()\n]{0,80}?)\s*(?=[,\-–.;:()\n]|\s+(?:và|cho biết|cho rằng|nói|cũng|đã|sẽ|khi|thì|khẳng định|nhấn mạnh|phát biểu|bày tỏ|đánh giá|chia sẻ|cam kết|mong muốn|đề nghị)\s|$)")]
    private static partial Regex OfficeAfterName();

    /// <summary>Currency words and their ISO 4217 codes.</summary>
    private static readonly (string Word, string Code)[] Currencies =
    [
        ("đô la Mỹ", "USD"), ("đô la Úc", "AUD"), ("đô la Singapore", "SGD"), ("đô la", "USD"), ("USD", "USD"), ("đôla", "USD"),
        ("bảng Anh", "GBP"), ("bảng", "GBP"), ("GBP", "GBP"), ("euro", "EUR"), ("EUR", "EUR"), ("Euro", "EUR"),
        ("yên Nhật", "JPY"), ("yên", "JPY"), ("JPY", "JPY"), ("won", "KRW"), ("KRW", "KRW"), ("nhân dân tệ", "CNY"), ("NDT", "CNY"),
        ("AUD", "AUD"), ("SGD", "SGD"), ("đồng", "VND"), ("VND", "VND"), ("VNĐ", "VND"),
    ];

    private static List<AmountTag> Amounts(string text)
    {
        var result = new List<AmountTag>();
        foreach (Match m in AmountPattern().Matches(text))
        {
            var number = m.Groups["n"].Value;
            // Vietnamese: "." groups thousands, "," marks decimals ("75.000", "1,5").
            if (!decimal.TryParse(number.Replace(".", "", StringComparison.Ordinal).Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var value)) continue;
            var scale = m.Groups["scale"].Value.ToLowerInvariant() switch
            {
                "nghìn" or "ngàn" => 1_000m,
                "triệu" => 1_000_000m,
                "tỷ" or "tỉ" => 1_000_000_000m,
                _ => 1m,
            };
            if (value > decimal.MaxValue / scale) continue; // not a real amount
            value *= scale;
            var word = m.Groups["cur"].Value;
            var code = Currencies.First(c => string.Equals(c.Word, word, StringComparison.OrdinalIgnoreCase)).Code;
            result.Add(new AmountTag(value, code, null, m.Value.Trim()));
        }
        return result;
    }

    /// <summary>
    /// The lead's first sentences, up to <see cref="AnalysisOptions.SummarySentences"/> within
    /// <see cref="AnalysisOptions.SummaryMaxChars"/> (counting a space between sentences), in text order, chosen among
    /// the first <see cref="LeadSentences"/>: photo captions, bylines, source lines and headings are skipped, and so is
    /// a sentence too long for what is left. A first sentence longer than the whole budget is cut at a word and ends with "…".
    /// </summary>
    private List<string> Summarize(TokenizedText body)
    {
        var summary = new List<string>();
        int chars = 0, considered = 0;
        foreach (var s in body.Sentences)
        {
            if (s.Length < 40 || s.EndsWith(':') || CaptionOrByline().IsMatch(s)) continue;
            // The lead is the first few sentences: a later one that fits is taken over one that does not.
            if (++considered > LeadSentences) break;
            int needed = s.Length + (summary.Count > 0 ? 1 : 0);
            if (chars + needed > _options.SummaryMaxChars)
            {
                if (summary.Count == 0) { summary.Add(Shorten(s, _options.SummaryMaxChars)); break; }
                continue;
            }
            summary.Add(s);
            chars += needed;
            if (summary.Count == _options.SummarySentences) break;
        }
        return summary;
    }

    /// <summary>Sentences of the lead the summary chooses from.</summary>
    private const int LeadSentences = 5;

    /// <summary>The text cut at the last space that leaves room for "…" within <paramref name="max"/> characters.</summary>
    private static string Shorten(string text, int max)
    {
        int cut = text.LastIndexOf(' ', Math.Min(text.Length - 1, max - 1));
        return (cut > max / 2 ? text[..cut] : text[..(max - 1)]).TrimEnd(',', ';', ':', ' ') + "…";
    }

    /// <summary>Photo captions ("Ảnh: …", "(Ảnh: TTXVN)"), source lines ("Theo TTXVN") and bylines ("Nguyễn An - Hà Nội").</summary>
    [GeneratedRegex(@"^(?:\(?Ảnh|Theo\s+\S+(?:\s+\S+){0,3}\s*$|Nguồn\s*:)|\((?:Ảnh|Nguồn)\s*:[^)]*\)\s*$|^[\p{Lu}][\p{L}]*(?:\s+[\p{Lu}][\p{L}]*){1,4}\s+-\s+[\p{Lu}]", RegexOptions.CultureInvariant)]
    private static partial Regex CaptionOrByline();

    [GeneratedRegex(@"\b(Việt Nam|VN|nước ta)\b")]
    private static partial Regex HomeSidePhrase();

    /// <summary>Offices and titles that come before a name, or after it as an apposition ("bà Alexandra Smith, Tổng Lãnh sự…").</summary>
    private const string Offices = @"Tổng Bí thư|Chủ tịch nước|Phó Chủ tịch nước|Thủ tướng|Phó Thủ tướng|Chủ tịch Quốc hội|Bộ trưởng|Thứ trưởng|Đại sứ|Tổng Lãnh sự|Tổng lãnh sự|Lãnh sự|Phó thị trưởng|Thị trưởng|Giám đốc|Phó Giám đốc|Tổng Giám đốc|Chủ tịch|Phó Chủ tịch|Phó chủ tịch|Bí thư|Hiệu trưởng|Viện trưởng|Trưởng đại diện|Trưởng ban";

    /// <summary>Forms of address: a name after one of them is a person's, but the word says nothing of the office.</summary>
    private static readonly HashSet<string> Honorifics = new(StringComparer.Ordinal) { "ông", "bà", "Ông", "Bà", "đồng chí", "Đồng chí" };

    [GeneratedRegex(@"(?<![\p{L}])(?<title>(?:" + Offices + @"|GS\.TS|PGS\.TS|TS\.|GS\.|PGS\.|ông|bà|Ông|Bà|đồng chí|Đồng chí)(?:\s+(?:UBND|HĐND|Thành ủy|Tỉnh ủy|Sở|Bộ|Ban|vùng|đô thị|thành phố|tỉnh|TP\.HCM|TP\.\s?Hồ Chí Minh|Hà Nội|[A-ZĐ][\p{L}]*(?:\s+[a-zđ\p{Ll}]+)?)){0,4}?)\s+(?<name>(?:[A-ZĐ\p{Lu}][\p{Ll}]+ +){1,4}[A-ZĐ\p{Lu}][\p{Ll}]+)(?![\p{L}])")]
    private static partial Regex PersonWithTitle();

    [GeneratedRegex(@"(?<![\p{L}])(?:Bộ|Sở|Trường Đại học|Trường|Đại học|Học viện|Ngân hàng|Tập đoàn|Tổng công ty|Công ty|Viện|Trung tâm|Hiệp hội|Hội|Tổ chức|Cơ quan|Quỹ|Bệnh viện|Tổng cục|Cục|UBND|Ủy ban|Đại sứ quán|Tổng Lãnh sự quán)(?=\s+[\p{Lu}])")]
    private static partial Regex OrganizationHead();

    /// <summary>A verb of giving or lending followed, within a few words, by a sum of money.</summary>
    [GeneratedRegex(@"(?<![\p{L}])(?:hỗ trợ|tài trợ|viện trợ|cho vay|tặng|trao|cấp|cam kết|dành)(?:\s+[\p{L}]+){0,4}?\s+(?:khoảng\s+|gần\s+|hơn\s+|trên\s+)?\d[\d.,]*\s*(?:nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?:đô la|USD|bảng|GBP|[Ee]uro|EUR|yên|JPY|won|KRW|AUD|SGD|đồng|VND)(?![\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex GrantOfMoney();

    [GeneratedRegex(@"(?<![\d.,])(?<n>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)\s*(?<scale>nghìn|ngàn|triệu|tỷ|tỉ)?\s*(?<cur>đô la Mỹ|đô la Úc|đô la Singapore|đô la|đôla|USD|bảng Anh|bảng|GBP|[Ee]uro|EUR|yên Nhật|yên|JPY|won|KRW|nhân dân tệ|NDT|AUD|SGD|đồng|VND|VNĐ)(?![\p{L}])")]
    private static partial Regex AmountPattern();
}
