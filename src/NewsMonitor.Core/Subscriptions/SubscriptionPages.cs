using System.Globalization;
using System.Text;
using NewsMonitor.Alerts;
using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Subscriptions;

/// <summary>What a rule would have caught among recent stories: how many stories, and the latest of them with the reason.</summary>
public sealed record RulePreview(int Total, IReadOnlyList<(StructuredSummary Story, MatchReason Reason)> Latest)
{
    /// <summary>How many stories the preview lists.</summary>
    public const int Shown = 10;

    public static RulePreview Of(Subscription rules, IEnumerable<StructuredSummary> recent)
    {
        var all = AlertMatcher.Preview(rules, recent, int.MaxValue);
        return new RulePreview(all.Count, all.Take(Shown).ToList());
    }
}

/// <summary>
/// The subscription pages as HTML: the subscribe form, check-your-inbox, confirm, preferences, unsubscribe and the
/// pages for a link that is not accepted, in Vietnamese or English. One column that fits a phone, system fonts, text
/// contrast of at least 7:1, every input with its label, groups in fieldsets with legends, a visible focus ring, errors
/// listed at the top (linked to their fields) and beside each field. No script. Every value is HTML-escaped.
/// Links are relative to the page, so the same pages work under the Functions app's <c>/api/</c> and <c>newsmon serve</c>.
/// </summary>
public sealed class SubscriptionPages(Taxonomy taxonomy, CountryNames countries)
{
    /// <summary>The partners offered as checkboxes: those most often in the news of Vietnam's cooperation. Any other is typed.</summary>
    public static readonly IReadOnlyList<string> FeaturedPartners = ["GB", "US", "JP", "KR", "CN", "FR", "DE", "AU", "IN", "RU", "SG", "LA", "KH", "TH", "CA", "NL", "IT", "EU", "ASEAN", "UN"];

    /// <summary>The pages' one style sheet, inline (the Content-Security-Policy allows it by its hash).</summary>
    public const string Style =
        ":root{color-scheme:light dark}*{box-sizing:border-box}" +
        "body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1a1a1a;background:#ffffff}" +
        "header{background:#0b3d6e;color:#ffffff;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center}" +
        "header a{color:#ffffff}.brand{font-weight:700;font-size:1.125rem;text-decoration:none}" +
        "main{max-width:40rem;margin:0 auto;padding:1rem}" +
        "h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}" +
        "a{color:#0b4f8a}p{margin:0 0 1rem}" +
        "label,legend{font-weight:600}" +
        ".field{margin:0 0 1.25rem}" +
        ".hint{display:block;color:#3d4752;font-size:.9375rem;font-weight:400;margin:.125rem 0 .375rem}" +
        "input[type=email],input[type=text],input[type=time],input[type=number]{display:block;width:100%;max-width:100%;min-height:2.75rem;padding:.5rem .625rem;font:inherit;color:#1a1a1a;background:#ffffff;border:2px solid #55606b;border-radius:4px}" +
        "input[type=time],input[type=number]{max-width:10rem}" +
        "fieldset{border:0;padding:0;margin:0 0 1.25rem;min-width:0}" +
        "legend{padding:0;margin-bottom:.25rem}" +
        ".choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.125rem .75rem}" +
        ".choice{display:flex;align-items:flex-start;gap:.5rem;min-height:2.75rem;padding:.375rem 0;font-weight:400}" +
        ".choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;flex:none}" +
        ".times{display:flex;flex-wrap:wrap;gap:1rem}" +
        "button{min-height:2.75rem;padding:.625rem 1.25rem;font:inherit;font-weight:600;color:#ffffff;background:#0b4f8a;border:2px solid #0b4f8a;border-radius:4px;cursor:pointer}" +
        "button:hover{background:#083a66}" +
        ".buttons{display:flex;flex-wrap:wrap;gap:.75rem}" +
        "button.secondary{color:#0b4f8a;background:#ffffff}button.secondary:hover{background:#e8f0f8}" +
        ".preview{border-top:2px solid #55606b;margin-top:1.5rem;padding-top:.5rem}.preview h2{font-size:1.25rem}.preview li{margin:0 0 .75rem}" +
        ":focus-visible{outline:3px solid #b35900;outline-offset:2px}" +
        ".errors{border:3px solid #b00020;padding:.75rem 1rem;margin:0 0 1.25rem}" +
        ".errors h2{font-size:1.125rem;margin:0 0 .5rem}.errors ul{margin:0;padding-left:1.25rem}" +
        ".error{display:block;color:#b00020;font-weight:600;margin:.25rem 0}" +
        "[aria-invalid=true]{border-color:#b00020!important}" +
        ".notice{border-left:6px solid #1b6e3a;background:#eef7f0;padding:.75rem 1rem;margin:0 0 1.25rem}" +
        ".small{font-size:.9375rem;color:#3d4752}" +
        "@media (prefers-color-scheme:dark){body{background:#121417;color:#f1f3f5}a{color:#9cc9ff}.hint,.small{color:#c5ccd3}" +
        "input[type=email],input[type=text],input[type=time],input[type=number]{background:#1d2126;color:#f1f3f5;border-color:#9aa5b1}" +
        "button.secondary{color:#9cc9ff;background:#121417;border-color:#9cc9ff}" +
        ".notice{background:#16291d;border-color:#5fbf7f}.error{color:#ff8a80}.errors{border-color:#ff8a80}[aria-invalid=true]{border-color:#ff8a80!important}}";

    public string Subscribe(string lang, FormValues values, IReadOnlyList<FieldError> errors, RulePreview? preview = null)
    {
        var t = PageText.For(lang);
        var body = new StringBuilder();
        body.Append("<h1>").Append(E(t.SubscribeTitle)).Append("</h1>");
        Errors(body, t, errors);
        body.Append("<p>").Append(E(t.SubscribeLead)).Append("</p>");
        body.Append("<form method=\"post\" action=\"subscribe?lang=").Append(t.Lang).Append("\" novalidate>");
        body.Append("<div class=\"field\"><label for=\"email\">").Append(E(t.Email)).Append("</label>");
        Hint(body, "email", t.EmailHint);
        FieldErrors(body, "email", errors);
        body.Append("<input type=\"email\" id=\"email\" name=\"email\" autocomplete=\"email\" inputmode=\"email\" spellcheck=\"false\" required maxlength=\"254\" value=\"")
            .Append(E(values.Email)).Append('"').Append(Described("email", errors)).Append("></div>");
        Rules(body, t, values, errors);
        body.Append("<p class=\"buttons\"><button type=\"submit\">").Append(E(t.SubscribeButton)).Append("</button>");
        PreviewButton(body, t, $"subscribe?lang={t.Lang}#preview");
        body.Append("</p><p class=\"small\">").Append(E(t.SubscribePrivacy)).Append("</p></form>");
        Preview(body, t, preview);
        return Page(t, t.SubscribeTitle, body, "subscribe?lang=" + Other(t));
    }

    public string CheckInbox(string lang) => Message(lang, t => t.CheckInboxTitle, t => t.CheckInboxBody);

    public string RateLimited(string lang) => Message(lang, t => t.RateLimitedTitle, t => t.RateLimitedBody);

    /// <summary>The page when the service cannot run (a setting is missing): static, it needs no configuration.</summary>
    public static string UnavailablePage(string lang) => Message(lang, t => t.UnavailableTitle, t => t.UnavailableBody);

    public string NotFound(string lang) => Message(lang, t => t.NotFoundTitle, t => t.NotFoundBody, subscribeLink: true);

    /// <summary>The page a confirmation link opens: a button, so that a mail scanner that follows links confirms nothing.</summary>
    public string ConfirmPrompt(string lang, string token) => Prompt(lang, "confirm", token, t => t.ConfirmTitle, t => t.ConfirmBody, t => t.ConfirmButton);

    /// <summary>The page an unsubscribe link opens: a button (the mail client's one-click POST needs none).</summary>
    public string UnsubscribePrompt(string lang, string token) => Prompt(lang, "unsubscribe", token, t => t.UnsubscribeTitle, t => t.UnsubscribeBody, t => t.UnsubscribeButton);

    public string Confirmed(Subscription subscription, Uri preferences, bool already)
    {
        var t = PageText.For(subscription.Language);
        var body = new StringBuilder().Append("<h1>").Append(E(t.ConfirmedTitle)).Append("</h1>")
            .Append("<p>").Append(E(already ? t.AlreadyConfirmedBody : t.ConfirmedBody)).Append("</p>")
            .Append("<p><a href=\"").Append(E(Relative(preferences))).Append("\">").Append(E(t.OpenPreferences)).Append("</a></p>");
        return Page(t, t.ConfirmedTitle, body, otherLanguage: null);
    }

    public string Unsubscribed(string lang)
    {
        var t = PageText.For(lang);
        var body = new StringBuilder().Append("<h1>").Append(E(t.UnsubscribedTitle)).Append("</h1>")
            .Append("<p>").Append(E(t.UnsubscribedBody)).Append("</p>")
            .Append("<p><a href=\"subscribe?lang=").Append(t.Lang).Append("\">").Append(E(t.SubscribeAgain)).Append("</a></p>");
        return Page(t, t.UnsubscribedTitle, body, otherLanguage: null);
    }

    /// <summary>The preferences form for the subscription a preferences link opened.</summary>
    public string Preferences(Subscription subscription, string token, FormValues values, IReadOnlyList<FieldError> errors, bool saved, Uri unsubscribe, RulePreview? preview = null)
    {
        var t = PageText.For(values.Language);
        var body = new StringBuilder();
        body.Append("<h1>").Append(E(t.PreferencesTitle)).Append("</h1>");
        if (saved) body.Append("<div class=\"notice\" role=\"status\">").Append(E(t.Saved)).Append("</div>");
        Errors(body, t, errors);
        body.Append("<p>").Append(E(string.Format(CultureInfo.InvariantCulture, t.PreferencesFor, subscription.Email))).Append("</p>");
        body.Append("<form method=\"post\" action=\"preferences\" novalidate><input type=\"hidden\" name=\"token\" value=\"").Append(E(token)).Append("\">");
        Rules(body, t, values, errors);
        body.Append("<p class=\"buttons\"><button type=\"submit\">").Append(E(t.SaveButton)).Append("</button>");
        PreviewButton(body, t, "preferences#preview");
        body.Append("</p></form>");
        Preview(body, t, preview);
        body.Append("<p><a href=\"").Append(E(Relative(unsubscribe))).Append("\">").Append(E(t.UnsubscribeLink)).Append("</a></p>");
        return Page(t, t.PreferencesTitle, body, otherLanguage: null);
    }

    /// <summary>The page for a link that is not accepted: what happened and what to do, never an error trace.</summary>
    public string LinkProblem(string lang, TokenProblem problem)
    {
        var t = PageText.For(lang);
        var (title, text) = problem switch
        {
            TokenProblem.Expired => (t.ExpiredLinkTitle, t.ExpiredLinkBody),
            TokenProblem.Superseded => (t.ReplacedLinkTitle, t.ReplacedLinkBody),
            _ => (t.InvalidLinkTitle, t.InvalidLinkBody),
        };
        var body = new StringBuilder().Append("<h1>").Append(E(title)).Append("</h1><p>").Append(E(text)).Append("</p>")
            .Append("<p><a href=\"subscribe?lang=").Append(t.Lang).Append("\">").Append(E(t.SubscribeAgain)).Append("</a></p>");
        return Page(t, title, body, otherLanguage: null);
    }

    /// <summary>The fields a subscriber chooses, shared by the subscribe and preferences forms.</summary>
    private void Rules(StringBuilder body, PageText t, FormValues v, IReadOnlyList<FieldError> errors)
    {
        body.Append("<fieldset class=\"field\"><legend>").Append(E(t.EmailLanguage)).Append("</legend><div class=\"choices\">");
        Choice(body, "radio", "language", "vi", "language-vi", "Tiếng Việt", v.Language != "en", "vi");
        Choice(body, "radio", "language", "en", "language-en", "English", v.Language == "en", "en");
        body.Append("</div></fieldset>");

        body.Append("<fieldset class=\"field\" id=\"sectors\" tabindex=\"-1\" aria-describedby=\"sectors-hint\"><legend>").Append(E(t.Sectors)).Append("</legend>");
        Hint(body, "sectors", t.SectorsHint);
        FieldErrors(body, "sectors", errors);
        body.Append("<div class=\"choices\">");
        foreach (var s in taxonomy.Sectors)
            Choice(body, "checkbox", "sector", s.Id, "sector-" + s.Id, s.Label.For(t.Lang), v.Sectors.Contains(s.Id));
        body.Append("</div></fieldset>");

        body.Append("<fieldset class=\"field\" id=\"countries\" tabindex=\"-1\" aria-describedby=\"countries-hint\"><legend>").Append(E(t.Partners)).Append("</legend>");
        Hint(body, "countries", t.PartnersHint);
        FieldErrors(body, "countries", errors);
        body.Append("<div class=\"choices\">");
        var featured = FeaturedPartners.Where(countries.IsKnown).ToList();
        foreach (var code in featured)
            Choice(body, "checkbox", "country", code, "country-" + code, countries.Name(code, t.Lang), v.Countries.Contains(code));
        body.Append("</div>");
        // Partners chosen earlier that have no checkbox are shown typed, so that saving keeps them.
        var other = string.Join(", ", v.Countries.Where(c => !featured.Contains(c)).Select(c => countries.Name(c, t.Lang)).Append(v.OtherCountries).Where(x => x.Length > 0));
        body.Append("<div class=\"field\"><label for=\"otherCountries\">").Append(E(t.OtherPartners)).Append("</label>");
        Hint(body, "otherCountries", t.OtherPartnersHint);
        FieldErrors(body, "otherCountries", errors);
        body.Append("<input type=\"text\" id=\"otherCountries\" name=\"otherCountries\" maxlength=\"500\" value=\"").Append(E(other)).Append('"').Append(Described("otherCountries", errors)).Append("></div></fieldset>");

        body.Append("<div class=\"field\"><label for=\"keywords\">").Append(E(t.Keywords)).Append("</label>");
        Hint(body, "keywords", t.KeywordsHint);
        FieldErrors(body, "keywords", errors);
        body.Append("<input type=\"text\" id=\"keywords\" name=\"keywords\" maxlength=\"2100\" value=\"").Append(E(v.Keywords)).Append('"').Append(Described("keywords", errors)).Append('>');
        Choice(body, "checkbox", "keywordsExact", "on", "keywordsExact", t.KeywordsExact, v.KeywordsExact);
        body.Append("</div>");

        body.Append("<fieldset class=\"field\" id=\"delivery\"><legend>").Append(E(t.Delivery)).Append("</legend>");
        FieldErrors(body, "instant", errors);
        Choice(body, "checkbox", "instant", "on", "instant", t.Instant, v.Instant);
        Choice(body, "checkbox", "digest", "on", "digest", t.Digest, v.Digest);
        Choice(body, "checkbox", "nothingToday", "on", "nothingToday", t.NothingToday, v.NothingToday);
        body.Append("</fieldset>");

        body.Append("<fieldset class=\"field\" aria-describedby=\"quiet-hint\"><legend>").Append(E(t.QuietHours)).Append("</legend>");
        Hint(body, "quiet", t.QuietHoursHint);
        FieldErrors(body, "quietStart", errors);
        FieldErrors(body, "quietEnd", errors);
        body.Append("<div class=\"times\"><div><label for=\"quietStart\">").Append(E(t.QuietFrom)).Append("</label><input type=\"time\" id=\"quietStart\" name=\"quietStart\" value=\"")
            .Append(E(v.QuietStart)).Append('"').Append(Described("quietStart", errors, "quiet")).Append("></div>")
            .Append("<div><label for=\"quietEnd\">").Append(E(t.QuietTo)).Append("</label><input type=\"time\" id=\"quietEnd\" name=\"quietEnd\" value=\"")
            .Append(E(v.QuietEnd)).Append('"').Append(Described("quietEnd", errors, "quiet")).Append("></div></div></fieldset>");

        body.Append("<div class=\"field\"><label for=\"maxPerHour\">").Append(E(t.MaxPerHour)).Append("</label>");
        Hint(body, "maxPerHour", t.MaxPerHourHint);
        FieldErrors(body, "maxPerHour", errors);
        body.Append("<input type=\"number\" id=\"maxPerHour\" name=\"maxPerHour\" min=\"1\" max=\"1000\" step=\"1\" inputmode=\"numeric\" value=\"").Append(E(v.MaxPerHour)).Append('"')
            .Append(Described("maxPerHour", errors)).Append("></div>");
    }

    /// <summary>The second button of a form: shows what the choices would catch, saving nothing (not the default button: Enter subscribes or saves).</summary>
    private static void PreviewButton(StringBuilder body, PageText t, string action) =>
        body.Append("<button type=\"submit\" class=\"secondary\" name=\"preview\" value=\"1\" formaction=\"").Append(E(action)).Append("\">").Append(E(t.PreviewButton)).Append("</button>");

    private void Preview(StringBuilder body, PageText t, RulePreview? preview)
    {
        if (preview is null) return;
        body.Append("<section id=\"preview\" class=\"preview\" aria-labelledby=\"preview-title\" tabindex=\"-1\"><h2 id=\"preview-title\">").Append(E(t.PreviewTitle)).Append("</h2>");
        if (preview.Total == 0)
        {
            body.Append("<p>").Append(E(t.PreviewNone)).Append("</p></section>");
            return;
        }
        body.Append("<p>").Append(E(string.Format(CultureInfo.InvariantCulture, t.PreviewCount, preview.Total))).Append("</p><ul>");
        foreach (var (story, reason) in preview.Latest)
        {
            var why = reason.Sectors.Select(id => taxonomy.SectorLabel(id, t.Lang))
                .Concat(reason.Countries.Select(c => countries.Name(c, t.Lang))).Concat(reason.Keywords.Select(k => $"“{k}”"));
            body.Append("<li><a href=\"").Append(E(HtmlText.SafeUrl(story.Url))).Append("\" rel=\"noreferrer\">").Append(E(story.Title)).Append("</a> <span class=\"small\">")
                .Append(E(story.Outlet)).Append(" · ").Append(E(VietnamTime.Shown(story))).Append(" · ").Append(E(t.PreviewWhy)).Append(": ").Append(E(string.Join(", ", why))).Append("</span></li>");
        }
        body.Append("</ul></section>");
    }

    private static string Message(string lang, Func<PageText, string> title, Func<PageText, string> text, bool subscribeLink = false)
    {
        var t = PageText.For(lang);
        var body = new StringBuilder().Append("<h1>").Append(E(title(t))).Append("</h1><p>").Append(E(text(t))).Append("</p>");
        if (subscribeLink) body.Append("<p><a href=\"subscribe?lang=").Append(t.Lang).Append("\">").Append(E(t.SubscribeTitle)).Append("</a></p>");
        return Page(t, title(t), body, otherLanguage: null);
    }

    private string Prompt(string lang, string action, string token, Func<PageText, string> title, Func<PageText, string> text, Func<PageText, string> button)
    {
        var t = PageText.For(lang);
        var body = new StringBuilder().Append("<h1>").Append(E(title(t))).Append("</h1><p>").Append(E(text(t))).Append("</p>")
            .Append("<form method=\"post\" action=\"").Append(action).Append("\"><input type=\"hidden\" name=\"token\" value=\"").Append(E(token)).Append("\">")
            .Append("<button type=\"submit\">").Append(E(button(t))).Append("</button></form>");
        return Page(t, title(t), body, otherLanguage: null);
    }

    private static string Page(PageText t, string title, StringBuilder body, string? otherLanguage)
    {
        var html = new StringBuilder(body.Length + 4096);
        html.Append("<!DOCTYPE html><html lang=\"").Append(t.Lang).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\">")
            .Append("<title>").Append(E(title)).Append(" · NewsMonitor</title><style>").Append(Style).Append("</style></head><body>")
            .Append("<header><a class=\"brand\" href=\"subscribe?lang=").Append(t.Lang).Append("\">NewsMonitor</a>");
        if (otherLanguage is not null)
            html.Append("<nav aria-label=\"").Append(E(t.LanguageNav)).Append("\"><a href=\"").Append(E(otherLanguage)).Append("\" lang=\"").Append(Other(t))
                .Append("\" hreflang=\"").Append(Other(t)).Append("\">").Append(E(t.OtherLanguageName)).Append("</a></nav>");
        html.Append("</header><main>").Append(body).Append("</main></body></html>");
        return html.ToString();
    }

    private static void Errors(StringBuilder body, PageText t, IReadOnlyList<FieldError> errors)
    {
        if (errors.Count == 0) return;
        body.Append("<div class=\"errors\" role=\"alert\" aria-labelledby=\"errors-title\"><h2 id=\"errors-title\">").Append(E(t.ErrorsTitle)).Append("</h2><ul>");
        foreach (var e in errors) body.Append("<li><a href=\"#").Append(E(e.Field)).Append("\">").Append(E(e.Message)).Append("</a></li>");
        body.Append("</ul></div>");
    }

    private static void FieldErrors(StringBuilder body, string field, IReadOnlyList<FieldError> errors)
    {
        var mine = errors.Where(e => e.Field == field).ToList();
        if (mine.Count == 0) return;
        body.Append("<span class=\"error\" id=\"").Append(field).Append("-error\">");
        body.Append(string.Join(" ", mine.Select(e => E(e.Message))));
        body.Append("</span>");
    }

    private static void Hint(StringBuilder body, string field, string text) =>
        body.Append("<span class=\"hint\" id=\"").Append(field).Append("-hint\">").Append(E(text)).Append("</span>");

    /// <summary>The hint and error an input is described by, and whether it is invalid.</summary>
    private static string Described(string field, IReadOnlyList<FieldError> errors, string? hint = null) =>
        errors.Any(e => e.Field == field)
            ? $" aria-invalid=\"true\" aria-describedby=\"{hint ?? field}-hint {field}-error\""
            : $" aria-describedby=\"{hint ?? field}-hint\"";

    private static void Choice(StringBuilder body, string type, string name, string value, string id, string label, bool on, string? lang = null)
    {
        body.Append("<label class=\"choice\" for=\"").Append(E(id)).Append('"');
        if (lang is not null) body.Append(" lang=\"").Append(lang).Append('"');
        body.Append("><input type=\"").Append(type).Append("\" id=\"").Append(E(id)).Append("\" name=\"").Append(name).Append("\" value=\"").Append(E(value)).Append('"');
        if (on) body.Append(" checked");
        body.Append("><span>").Append(E(label)).Append("</span></label>");
    }

    private static string Other(PageText t) => t.Lang == "en" ? "vi" : "en";

    /// <summary>A link of this site as a link relative to the current page (the pages all sit in one folder).</summary>
    private static string Relative(Uri link) => link.Segments[^1] + link.Query;

    private static string E(string value) => HtmlText.Escape(value);
}
