using NewsMonitor.Domain;

namespace NewsMonitor.Config;

/// <summary>A subscriptions file (<c>samples/subscriptions.json</c>): subscribers loaded into the store at start.</summary>
public static class SubscriptionsConfig
{
    public static IReadOnlyList<Subscription> Load(string file, Taxonomy taxonomy, Gazetteer gazetteer)
    {
        var root = ConfigNode.Load(file);
        var result = new List<Subscription>();
        foreach (var s in root.Required("subscriptions").Items())
        {
            var subscription = Read(s, gazetteer);
            if (result.Any(r => r.Id == subscription.Id)) throw s.Required("id").Error($"duplicate subscription id '{subscription.Id}'");
            result.Add(subscription);
        }
        return result;
    }

    /// <summary>One subscription object, validated against the taxonomy and the gazetteer.</summary>
    public static Subscription Read(ConfigNode s, Gazetteer gazetteer)
    {
        var id = s.RequiredString("id");
        var emailNode = s.Required("email");
        var email = emailNode.String();
        if (!System.Net.Mail.MailAddress.TryCreate(email, out _)) throw emailNode.Error($"'{email}' is not an email address");
        var language = s.OptionalString("language") ?? "vi";
        if (language is not ("vi" or "en")) throw s.Required("language").Error($"'{language}' is not a supported language (vi or en)");
        var sectors = s.StringList("sectors");
        foreach (var sector in sectors)
            if (!Taxonomy.SectorIds.Contains(sector)) throw s.Required("sectors").Error($"unknown sector '{sector}'");
        var countries = s.StringList("countries");
        foreach (var c in countries)
            if (!gazetteer.Names.ContainsKey(c)) throw s.Required("countries").Error($"unknown country or organisation code '{c}'");
        bool instant = s.OptionalBool("instant", false), digest = s.OptionalBool("digest", true);
        if (!instant && !digest) throw s.Error("asks for neither instant alerts nor the daily digest");
        QuietHours? quiet = null;
        if (s.Optional("quietHours") is { } q && (quiet = QuietHours.Parse(q.String())) is null)
            throw q.Error("is not quiet hours written HH:mm-HH:mm in Vietnam time (for example 22:00-07:00)");
        int? cap = null;
        if (s.Optional("maxAlertsPerHour") is { } m)
        {
            var n = m.Number();
            if (n < 1 || n > 1000 || n != Math.Floor(n)) throw m.Error("is not a whole number of alerts per hour from 1 to 1000");
            cap = (int)n;
        }
        Uri? webhook = null;
        var format = WebhookFormat.Json;
        if (s.Optional("webhook") is { } w)
        {
            var url = w.Required("url");
            if (!Uri.TryCreate(url.String(), UriKind.Absolute, out webhook) || !(webhook.Scheme == "https" || webhook.Scheme == "http" && webhook.IsLoopback))
                throw url.Error("is not an https URL (http only on this machine, for testing)");
            if (w.OptionalString("format") is { } f && !Enum.TryParse(f, ignoreCase: true, out format))
                throw w.Required("format").Error("is not one of json, slack, teams");
        }
        return new Subscription(id, email, language, sectors, countries, s.StringList("keywords"), instant, digest, s.OptionalBool("confirmed", true),
            KeywordsIgnoreDiacritics: s.OptionalBool("keywordsIgnoreDiacritics", true), QuietHours: quiet, MaxAlertsPerHour: cap,
            NothingTodayNote: s.OptionalBool("nothingTodayNote", false), Webhook: webhook, WebhookFormat: format);
    }
}
