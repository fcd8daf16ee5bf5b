using System.Globalization;
using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Subscriptions;

/// <summary>A problem with one field of a form: the field's name (its input's id) and what is wrong, in the page's language.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>What the subscribe or preferences form holds, as typed: shown again with the errors when it is refused.</summary>
public sealed record FormValues(
    string Email,
    string Language,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> Countries,
    string OtherCountries,
    string Keywords,
    bool KeywordsExact,
    bool Instant,
    bool Digest,
    bool NothingToday,
    string QuietStart,
    string QuietEnd,
    string MaxPerHour)
{
    /// <summary>A new subscriber's form: the daily digest, every sector and partner.</summary>
    public static FormValues Empty(string language) => new("", language, [], [], "", "", false, false, true, false, "", "", "");

    /// <summary>The form for an existing subscription (the preferences page).</summary>
    public static FormValues Of(Subscription s) => new(s.Email, s.Language, s.Sectors, s.Countries, "", string.Join(", ", s.Keywords), !s.KeywordsIgnoreDiacritics,
        s.Instant, s.Digest, s.NothingTodayNote,
        s.QuietHours?.Start.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "", s.QuietHours?.End.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "",
        s.MaxAlertsPerHour?.ToString(CultureInfo.InvariantCulture) ?? "");
}

/// <summary>
/// Reads the subscribe and preferences forms into a <see cref="SubscriptionRequest"/>: sectors checked against the
/// taxonomy, partners given by checkbox or typed by name (Vietnamese or English) or code and resolved with the
/// gazetteer, times as <c>HH:mm</c>. Every problem is named by field, in the page's language; nothing is guessed.
/// </summary>
public sealed class SubscriptionForm
{
    public const int MaxKeywords = 20;

    private readonly Taxonomy _taxonomy;
    private readonly CountryNames _countries;

    public SubscriptionForm(Taxonomy taxonomy, CountryNames countries)
    {
        _taxonomy = taxonomy;
        _countries = countries;
    }

    /// <summary>Reads the posted fields (<paramref name="field"/> gives every value of a field, none when absent).</summary>
    public static FormValues Values(Func<string, IReadOnlyList<string>> field, string pageLanguage)
    {
        string One(string name) => field(name).FirstOrDefault()?.Trim() ?? "";
        bool On(string name) => field(name).Count > 0;
        var language = One("language") is "vi" or "en" ? One("language") : pageLanguage;
        return new FormValues(One("email"), language, field("sector").Distinct().ToList(), field("country").Distinct().ToList(), One("otherCountries"), One("keywords"),
            On("keywordsExact"), On("instant"), On("digest"), On("nothingToday"), One("quietStart"), One("quietEnd"), One("maxPerHour"));
    }

    /// <summary>The request the values make, or the problems; <paramref name="withEmail"/> is false on the preferences page (the address is not changed there).</summary>
    public (SubscriptionRequest? Request, IReadOnlyList<FieldError> Errors) Read(FormValues v, string pageLanguage, bool withEmail)
    {
        var t = PageText.For(pageLanguage);
        var errors = new List<FieldError>();
        if (withEmail && SubscriptionService.AddressProblem(v.Email) is not null)
            errors.Add(new("email", v.Email.Length == 0 ? t.EmailMissing : t.EmailInvalid));

        var sectors = new List<string>();
        foreach (var s in v.Sectors)
        {
            if (_taxonomy.Sectors.Any(d => d.Id == s)) sectors.Add(s);
            else errors.Add(new("sectors", string.Format(CultureInfo.InvariantCulture, t.UnknownSector, s)));
        }

        var countries = new List<string>();
        foreach (var c in v.Countries)
        {
            if (_countries.IsKnown(c)) countries.Add(c);
            else errors.Add(new("countries", string.Format(CultureInfo.InvariantCulture, t.UnknownCountry, c)));
        }
        foreach (var name in v.OtherCountries.Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (_countries.Resolve(name) is { } code) { if (!countries.Contains(code)) countries.Add(code); }
            else errors.Add(new("otherCountries", string.Format(CultureInfo.InvariantCulture, t.UnknownCountry, name)));
        }

        var keywords = v.Keywords.Split([',', ';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (keywords.Count > MaxKeywords || keywords.Any(k => k.Length > 100 || k.Any(char.IsControl)))
            errors.Add(new("keywords", string.Format(CultureInfo.InvariantCulture, t.KeywordsTooMany, MaxKeywords)));

        if (!v.Instant && !v.Digest) errors.Add(new("instant", t.DeliveryMissing));

        QuietHours? quiet = null;
        if (v.QuietStart.Length > 0 || v.QuietEnd.Length > 0)
        {
            if (!TryTime(v.QuietStart, out var start)) errors.Add(new("quietStart", t.TimeInvalid));
            else if (!TryTime(v.QuietEnd, out var end)) errors.Add(new("quietEnd", t.TimeInvalid));
            else if (start == end) errors.Add(new("quietEnd", t.QuietSame));
            else quiet = new QuietHours(start, end);
        }

        int? cap = null;
        if (v.MaxPerHour.Length > 0)
        {
            if (int.TryParse(v.MaxPerHour, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1000) cap = n;
            else errors.Add(new("maxPerHour", t.CapInvalid));
        }

        if (errors.Count > 0) return (null, errors);
        return (new SubscriptionRequest(v.Email, v.Language, sectors, countries, keywords, v.Instant, v.Digest, !v.KeywordsExact, quiet, cap, v.NothingToday), []);
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}

/// <summary>
/// Partner names for the pages: the gazetteer's Vietnamese names and .NET's English region names (ICU's CLDR data) for
/// countries, the code for international organisations; and the reverse, a typed name or code to its code.
/// </summary>
public sealed class CountryNames
{
    private readonly Gazetteer _gazetteer;
    private readonly Dictionary<string, string> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byAsciiKey = new(StringComparer.Ordinal);

    public CountryNames(Gazetteer gazetteer)
    {
        _gazetteer = gazetteer;
        foreach (var (code, vi) in gazetteer.Names)
            foreach (var name in new[] { code, vi, English(code) }) Add(name, code);
        // Every name the analyser knows a country by ("Anh", "Hàn Quốc", "UK"), after the display names: those win.
        foreach (var e in gazetteer.Entries.Where(e => e.Kind == PlaceKind.Name)) Add(e.Phrase, e.Code);
    }

    private void Add(string name, string code)
    {
        _byKey.TryAdd(VietnameseText.MatchKey(name), code);
        _byAsciiKey.TryAdd(VietnameseText.AsciiKey(name), code);
    }

    public bool IsKnown(string code) => _gazetteer.Names.ContainsKey(code);

    /// <summary>The name to show in <paramref name="language"/>.</summary>
    public string Name(string code, string language) => language == "en" ? English(code) : _gazetteer.Names.GetValueOrDefault(code, code);

    /// <summary>The code of a typed name or code ("Hàn Quốc", "han quoc", "South Korea", "kr"), or null.</summary>
    public string? Resolve(string text) =>
        _byKey.GetValueOrDefault(VietnameseText.MatchKey(text)) ?? _byAsciiKey.GetValueOrDefault(VietnameseText.AsciiKey(text));

    private string English(string code)
    {
        if (_gazetteer.International.Contains(code) || code.Length != 2) return code;
        try { return new RegionInfo(code).EnglishName; }
        catch (ArgumentException) { return _gazetteer.Names.GetValueOrDefault(code, code); }
    }
}
