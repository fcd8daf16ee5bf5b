using NewsMonitor.Domain;
using NewsMonitor.Text;

namespace NewsMonitor.Subscriptions;

/// <summary>
/// The emails of the subscription flow, in the subscriber's language: the confirmation (the only email an unconfirmed
/// address gets), the welcome once confirmed, and the note to a confirmed subscriber who asked again. HTML with inline
/// CSS plus plain text. Like every email, each carries a visible unsubscribe link and the one-click
/// <c>List-Unsubscribe</c> headers; the address is escaped, the links are ours.
/// </summary>
public static class SubscriptionMail
{
    public static EmailMessage Confirmation(Subscription subscription, SubscriberLinks links) => subscription.Language == "en"
        ? Render(subscription, links, _ => links.Confirm(subscription), "Confirm your NewsMonitor subscription",
            "Someone, probably you, asked to receive NewsMonitor's news of Vietnam's international cooperation at this address.",
            "Confirm the subscription", "If it was not you, ignore this email: nothing will be sent to this address.", "Cancel this request")
        : Render(subscription, links, _ => links.Confirm(subscription), "Xác nhận đăng ký nhận tin NewsMonitor",
            "Có người, có thể là bạn, đã đăng ký nhận tin hợp tác quốc tế của Việt Nam từ NewsMonitor bằng địa chỉ này.",
            "Xác nhận đăng ký", "Nếu không phải bạn, hãy bỏ qua thư này: sẽ không có thư nào khác được gửi đến địa chỉ này.", "Hủy yêu cầu này");

    public static EmailMessage Welcome(Subscription subscription, SubscriberLinks links) => subscription.Language == "en"
        ? Render(subscription, links, email => email.Preferences, "Welcome to NewsMonitor",
            "Your subscription is confirmed. " + (subscription.Digest ? "The daily digest comes at 07:00 Vietnam time" + (subscription.Instant ? "; alerts come as stories break." : ".") : "Alerts come as stories break."),
            "See or change your choices", "Every email has a link to change your choices or to unsubscribe.", "Unsubscribe")
        : Render(subscription, links, email => email.Preferences, "Chào mừng bạn đến với NewsMonitor",
            "Đăng ký của bạn đã được xác nhận. " + (subscription.Digest ? "Bản tin hằng ngày được gửi lúc 07:00 giờ Việt Nam" + (subscription.Instant ? "; cảnh báo được gửi ngay khi có tin." : ".") : "Cảnh báo được gửi ngay khi có tin."),
            "Xem hoặc thay đổi lựa chọn", "Thư nào cũng có đường dẫn để thay đổi lựa chọn hoặc hủy đăng ký.", "Hủy đăng ký");

    public static EmailMessage AlreadySubscribed(Subscription subscription, SubscriberLinks links) => subscription.Language == "en"
        ? Render(subscription, links, email => email.Preferences, "Your NewsMonitor subscription",
            "Someone asked to subscribe this address, which is subscribed already. Your choices have not changed.",
            "See or change your choices", "If it was not you, there is nothing to do.", "Unsubscribe")
        : Render(subscription, links, email => email.Preferences, "Đăng ký nhận tin NewsMonitor của bạn",
            "Có người vừa yêu cầu đăng ký địa chỉ này, vốn đã đăng ký nhận tin. Lựa chọn của bạn không thay đổi.",
            "Xem hoặc thay đổi lựa chọn", "Nếu không phải bạn, bạn không cần làm gì.", "Hủy đăng ký");

    /// <param name="action">The link of the email's button, from the email's own links or another.</param>
    private static EmailMessage Render(Subscription subscription, SubscriberLinks links, Func<EmailLinks, Uri> action, string subject, string lead, string actionLabel, string footer, string unsubscribe)
    {
        static string E(string s) => HtmlText.Escape(s);
        var email = links.ForEmail(subscription);
        var link = action(email);
        var href = E(link.AbsoluteUri);
        var unsubscribeLink = email.Unsubscribe.AbsoluteUri;
        var html = $"""
            <!DOCTYPE html><html lang="{(subscription.Language == "en" ? "en" : "vi")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>{E(subject)}</title></head>
            <body style="margin:0;padding:16px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a;">
            <table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-collapse:collapse;"><tr><td style="padding:24px;font-size:16px;line-height:1.5;">
            <p style="margin:0 0 16px;">{E(lead)}</p>
            <p style="margin:0 0 16px;"><a href="{href}" style="display:inline-block;padding:12px 20px;background:#0b5394;color:#ffffff;text-decoration:none;border-radius:4px;">{E(actionLabel)}</a></p>
            <p style="margin:0 0 16px;font-size:14px;color:#444444;word-break:break-all;">{href}</p>
            <p style="margin:0;font-size:14px;color:#444444;">{E(footer)} <a href="{E(unsubscribeLink)}" style="color:#0b5394;">{E(unsubscribe)}</a></p>
            </td></tr></table></body></html>
            """;
        var text = $"{lead}\n\n{actionLabel}: {link.AbsoluteUri}\n\n{footer}\n{unsubscribe}: {unsubscribeLink}\n";
        return new EmailMessage(subscription.Email, subject, html, text, email.Headers);
    }
}
