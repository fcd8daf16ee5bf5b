using System.Globalization;
using System.Text;
using NewsMonitor.Config;
using NewsMonitor.Domain;
using NewsMonitor.Subscriptions;
using NewsMonitor.Text;

namespace NewsMonitor.Digest;

/// <summary>One story in a digest: its representative summary and every outlet that reported it.</summary>
public sealed record DigestStory(StructuredSummary Representative, IReadOnlyList<OutletLink> Outlets);

/// <summary>Who sends the emails.</summary>
public sealed class EmailOptions
{
    public string From { get; set; } = "NewsMonitor <newsmonitor@localhost>";
}

/// <summary>
/// Renders alert and digest emails as HTML (inline CSS, table layout for mail clients) plus plain text,
/// in Vietnamese or English. Every value that comes from the web is HTML-escaped; subjects lose line breaks. Every
/// email ends with the subscriber's preferences and unsubscribe links and carries the one-click unsubscribe headers.
/// </summary>
public sealed class EmailRenderer(Taxonomy taxonomy, Func<string, string> countryName, SubscriberLinks links)
{

    private sealed record Strings(string DigestSubject, string AlertSubject, string AlsoReportedBy, string Partners, string Sectors, string Read, string Footer, string Preferences, string Unsubscribe, string Other, string WhyAlert, string NothingSubject, string NothingBody);

    private static readonly Strings Vi = new("Bản tin hợp tác quốc tế {0}: {1} tin", "[Cảnh báo] {0}", "Cũng đưa tin", "Đối tác", "Lĩnh vực", "Đọc bài", "Bạn nhận thư này vì đã đăng ký NewsMonitor.", "Thay đổi lựa chọn", "Hủy đăng ký", "Khác", "Khớp với đăng ký của bạn",
        "Bản tin hợp tác quốc tế {0}: không có tin mới", "Từ bản tin trước đến nay không có tin nào khớp với đăng ký của bạn.");
    private static readonly Strings En = new("International cooperation digest {0}: {1} stories", "[Alert] {0}", "Also reported by", "Partners", "Sectors", "Read", "You receive this because you subscribed to NewsMonitor.", "Change your choices", "Unsubscribe", "Other", "Matches your subscription",
        "International cooperation digest {0}: nothing today", "No story has matched your subscription since your last digest.");

    private static Strings For(string language) => language == "en" ? En : Vi;

    public EmailMessage RenderDigest(Subscription subscription, string date, IReadOnlyList<DigestStory> stories)
    {
        var s = For(subscription.Language);
        var email = links.ForEmail(subscription);
        var subject = SafeSubject(string.Format(CultureInfo.InvariantCulture, s.DigestSubject, date, stories.Count));
        var groups = stories
            .GroupBy(st => st.Representative.Sectors.FirstOrDefault()?.Id ?? "diplomacy")
            .OrderBy(g => Taxonomy.SectorIds.ToList().IndexOf(g.Key));

        var html = new StringBuilder();
        var text = new StringBuilder();
        AppendHead(html, subscription.Language, subject);
        html.Append("<tr><td style=\"padding:20px 24px;border-bottom:3px solid #0b5394;\"><h1 style=\"margin:0;font-size:20px;color:#0b5394;\">").Append(E(subject)).Append("</h1>");
        text.AppendLine(subject).AppendLine(new string('=', Math.Min(subject.Length, 72))).AppendLine();

        // Top section: the day's counts by sector and partner.
        var bySector = stories.GroupBy(st => st.Representative.Sectors.FirstOrDefault()?.Id ?? "diplomacy").OrderByDescending(g => g.Count()).Select(g => $"{taxonomy.SectorLabel(g.Key, subscription.Language)}: {g.Count()}");
        var byCountry = stories.SelectMany(st => st.Representative.PartnerCountries.Select(c => c.Code)).GroupBy(c => c).OrderByDescending(g => g.Count()).Select(g => $"{countryName(g.Key)}: {g.Count()}");
        html.Append("<p style=\"margin:8px 0 0;font-size:13px;color:#52606d;\">").Append(E(s.Sectors)).Append(": ").Append(E(string.Join(" · ", bySector))).Append("<br>")
            .Append(E(s.Partners)).Append(": ").Append(E(string.Join(" · ", byCountry))).Append("</p></td></tr>");
        text.Append(s.Sectors).Append(": ").AppendLine(string.Join(" · ", bySector));
        text.Append(s.Partners).Append(": ").AppendLine(string.Join(" · ", byCountry)).AppendLine();

        foreach (var sector in groups)
        {
            var label = taxonomy.SectorLabel(sector.Key, subscription.Language);
            html.Append("<tr><td style=\"padding:16px 24px 4px;\"><h2 style=\"margin:0;font-size:17px;color:#102a43;border-bottom:1px solid #d9e2ec;padding-bottom:4px;\">").Append(E(label)).Append("</h2></td></tr>");
            text.AppendLine(label.ToUpperInvariant()).AppendLine(new string('-', label.Length));
            foreach (var partner in sector.GroupBy(st => st.Representative.PartnerCountries.FirstOrDefault()?.Code ?? "").OrderBy(g => g.Key.Length == 0 ? "~" : countryName(g.Key), StringComparer.Ordinal))
            {
                var partnerLabel = partner.Key.Length == 0 ? s.Other : countryName(partner.Key);
                html.Append("<tr><td style=\"padding:8px 24px 0;\"><h3 style=\"margin:0;font-size:14px;color:#486581;\">").Append(E(partnerLabel)).Append("</h3></td></tr>");
                text.Append("  ").AppendLine(partnerLabel);
                foreach (var story in partner.OrderBy(st => st.Representative.FirstSeenAt))
                    AppendStory(html, text, story, subscription.Language, s);
            }
            text.AppendLine();
        }
        AppendFooter(html, text, email, s);
        return new EmailMessage(subscription.Email, subject, html.ToString(), text.ToString(), email.Headers);
    }

    /// <summary>The "nothing today" note, for a subscriber who asked for one (<see cref="Subscription.NothingTodayNote"/>).</summary>
    public EmailMessage RenderNothingToday(Subscription subscription, string date)
    {
        var s = For(subscription.Language);
        var email = links.ForEmail(subscription);
        var subject = SafeSubject(string.Format(CultureInfo.InvariantCulture, s.NothingSubject, date));
        var html = new StringBuilder();
        AppendHead(html, subscription.Language, subject);
        html.Append("<tr><td style=\"padding:20px 24px;\"><h1 style=\"margin:0 0 8px;font-size:20px;color:#0b5394;\">").Append(E(subject)).Append("</h1>")
            .Append("<p style=\"margin:0;font-size:15px;\">").Append(E(s.NothingBody)).Append("</p></td></tr>");
        var text = new StringBuilder().AppendLine(subject).AppendLine().AppendLine(s.NothingBody).AppendLine();
        AppendFooter(html, text, email, s);
        return new EmailMessage(subscription.Email, subject, html.ToString(), text.ToString(), email.Headers);
    }

    public EmailMessage RenderAlert(Subscription subscription, DigestStory story, IReadOnlyList<string> why)
    {
        var s = For(subscription.Language);
        var email = links.ForEmail(subscription);
        var subject = SafeSubject(string.Format(CultureInfo.InvariantCulture, s.AlertSubject, story.Representative.Title));
        var html = new StringBuilder();
        var text = new StringBuilder();
        AppendHead(html, subscription.Language, subject);
        if (why.Count > 0)
        {
            html.Append("<tr><td style=\"padding:12px 24px 0;font-size:12px;color:#52606d;\">").Append(E(s.WhyAlert)).Append(": ").Append(E(string.Join(", ", why))).Append("</td></tr>");
            text.Append(s.WhyAlert).Append(": ").AppendLine(string.Join(", ", why)).AppendLine();
        }
        AppendStory(html, text, story, subscription.Language, s);
        AppendFooter(html, text, email, s);
        return new EmailMessage(subscription.Email, subject, html.ToString(), text.ToString(), email.Headers);
    }

    private void AppendStory(StringBuilder html, StringBuilder text, DigestStory story, string language, Strings s)
    {
        var r = story.Representative;
        var time = VietnamTime.Shown(r);
        var sectors = string.Join(", ", r.Sectors.Select(x => taxonomy.SectorLabel(x.Id, language)));
        var partners = string.Join(", ", r.PartnerCountries.Select(c => countryName(c.Code)));
        var others = story.Outlets.Where(o => o.ArticleId != r.Id).ToList();
        html.Append("<tr><td style=\"padding:10px 24px 12px;\">")
            .Append("<a href=\"").Append(E(HtmlText.SafeUrl(r.Url))).Append("\" style=\"font-size:16px;font-weight:bold;color:#0b5394;text-decoration:none;\">").Append(E(r.Title)).Append("</a>")
            .Append("<div style=\"font-size:12px;color:#52606d;margin:4px 0;\">").Append(E(r.Outlet)).Append(" · ").Append(E(time)).Append(" (GMT+7)</div>")
            .Append("<p style=\"margin:6px 0;font-size:14px;line-height:1.5;\">").Append(E(string.Join(" ", r.Summary))).Append("</p>")
            .Append("<div style=\"font-size:12px;color:#334e68;\">");
        if (partners.Length > 0) html.Append("<strong>").Append(E(s.Partners)).Append(":</strong> ").Append(E(partners)).Append(" &nbsp; ");
        if (sectors.Length > 0) html.Append("<strong>").Append(E(s.Sectors)).Append(":</strong> ").Append(E(sectors));
        html.Append("</div>");
        if (others.Count > 0)
        {
            html.Append("<div style=\"font-size:12px;color:#52606d;margin-top:4px;\">").Append(E(s.AlsoReportedBy)).Append(": ");
            html.Append(string.Join(", ", others.Select(o => $"<a href=\"{E(HtmlText.SafeUrl(o.Url))}\" style=\"color:#0b5394;\">{E(o.Outlet)}</a>")));
            html.Append("</div>");
        }
        html.Append("</td></tr>");

        text.Append("  * ").AppendLine(Plain(r.Title));
        text.Append("    ").Append(Plain(r.Outlet)).Append(" · ").Append(time).AppendLine(" (GMT+7)");
        foreach (var sentence in r.Summary) text.Append("    ").AppendLine(Plain(sentence));
        if (partners.Length > 0) text.Append("    ").Append(s.Partners).Append(": ").AppendLine(partners);
        if (sectors.Length > 0) text.Append("    ").Append(s.Sectors).Append(": ").AppendLine(sectors);
        text.Append("    ").Append(s.Read).Append(": ").AppendLine(HtmlText.SafeUrl(r.Url));
        if (others.Count > 0) text.Append("    ").Append(s.AlsoReportedBy).Append(": ").AppendLine(string.Join(", ", others.Select(o => $"{Plain(o.Outlet)} <{HtmlText.SafeUrl(o.Url)}>")));
        text.AppendLine();
    }

    /// <summary>
    /// The start every email shares: the document head, and a centred white column of at most 640 px on a grey page
    /// (tables, which every mail client lays out), whose long words and addresses wrap instead of widening it.
    /// </summary>
    private static void AppendHead(StringBuilder html, string language, string subject) =>
        html.Append("<!DOCTYPE html><html lang=\"").Append(language == "en" ? "en" : "vi").Append("\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
            .Append(E(subject)).Append("</title></head><body style=\"margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933;overflow-wrap:anywhere;word-wrap:break-word;\">")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:#f4f5f7;\"><tr><td align=\"center\" style=\"padding:16px;\">")
            .Append("<table role=\"presentation\" width=\"640\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:640px;width:100%;table-layout:fixed;background:#ffffff;border-radius:6px;\">");

    private static void AppendFooter(StringBuilder html, StringBuilder text, EmailLinks email, Strings s)
    {
        var preferences = email.Preferences.AbsoluteUri;
        var unsubscribe = email.Unsubscribe.AbsoluteUri;
        html.Append("<tr><td style=\"padding:16px 24px;border-top:1px solid #d9e2ec;font-size:12px;color:#52606d;\">").Append(E(s.Footer))
            .Append(" <a href=\"").Append(E(preferences)).Append("\" style=\"color:#0b5394;\">").Append(E(s.Preferences)).Append("</a> · ")
            .Append("<a href=\"").Append(E(unsubscribe)).Append("\" style=\"color:#0b5394;\">").Append(E(s.Unsubscribe)).Append("</a></td></tr>")
            .Append("</table></td></tr></table></body></html>");
        text.AppendLine("--").AppendLine(s.Footer).Append(s.Preferences).Append(": ").AppendLine(preferences).Append(s.Unsubscribe).Append(": ").AppendLine(unsubscribe);
    }


    private static string E(string value) => HtmlText.Escape(value);

    /// <summary>Text for the plain part: no control characters that could forge structure.</summary>
    private static string Plain(string value) => new(value.Where(c => !char.IsControl(c)).ToArray());

    /// <summary>Subjects cannot carry header injection: CR, LF and other controls become spaces.</summary>
    public static string SafeSubject(string subject)
    {
        var s = new string(subject.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return s.Length > 200 ? s[..199] + "…" : s;
    }
}
