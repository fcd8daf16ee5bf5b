using System.Net;
using NewsMonitor.Domain;

namespace NewsMonitor.Subscriptions;

/// <summary>
/// The emails of the subscription flow, in the subscriber's language: the confirmation (the only email an unconfirmed
/// address gets) and the note to a confirmed subscriber who asked again. HTML with inline CSS plus plain text; the
/// address is escaped, the link is ours.
/// </summary>
public static class SubscriptionMail
{
    public static EmailMessage Confirmation(Subscription subscription, Uri confirm) => subscription.Language == "en"
        ? Render(subscription, "Confirm your NewsMonitor subscription",
            "Someone, probably you, asked to receive NewsMonitor's news of Vietnam's international cooperation at this address.",
            "Confirm the subscription", confirm, "If it was not you, ignore this email: nothing will be sent to this address.")
        : Render(subscription, "Xác nhận đăng ký nhận tin NewsMonitor",
            "Có người, có thể là bạn, đã đăng ký nhận tin hợp tác quốc tế của Việt Nam từ NewsMonitor bằng địa chỉ này.",
            "Xác nhận đăng ký", confirm, "Nếu không phải bạn, hãy bỏ qua thư này: sẽ không có thư nào khác được gửi đến địa chỉ này.");

    public static EmailMessage AlreadySubscribed(Subscription subscription, Uri preferences) => subscription.Language == "en"
        ? Render(subscription, "Your NewsMonitor subscription",
            "Someone asked to subscribe this address, which is subscribed already. Your choices have not changed.",
            "See or change your choices", preferences, "If it was not you, there is nothing to do.")
        : Render(subscription, "Đăng ký nhận tin NewsMonitor của bạn",
            "Có người vừa yêu cầu đăng ký địa chỉ này, vốn đã đăng ký nhận tin. Lựa chọn của bạn không thay đổi.",
            "Xem hoặc thay đổi lựa chọn", preferences, "Nếu không phải bạn, bạn không cần làm gì.");

    private static EmailMessage Render(Subscription subscription, string subject, string lead, string action, Uri link, string footer)
    {
        string E(string s) => WebUtility.HtmlEncode(s);
        var href = E(link.AbsoluteUri);
        var html = $"""
            <!DOCTYPE html><html lang="{(subscription.Language == "en" ? "en" : "vi")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{E(subject)}</title></head>
            <body style="margin:0;padding:16px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;">
            <table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-collapse:collapse;"><tr><td style="padding:24px;font-size:16px;line-height:1.5;">
            <p style="margin:0 0 16px;">{E(lead)}</p>
            <p style="margin:0 0 16px;"><a href="{href}" style="display:inline-block;padding:12px 20px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px;">{E(action)}</a></p>
            <p style="margin:0 0 16px;font-size:14px;color:#444444;word-break:break-all;">{href}</p>
            <p style="margin:0;font-size:14px;color:#444444;">{E(footer)}</p>
            </td></tr></table></body></html>
            """;
        var text = $"{lead}\n\n{action}: {link.AbsoluteUri}\n\n{footer}\n";
        return new EmailMessage(subscription.Email, subject, html, text, new Dictionary<string, string>());
    }
}
