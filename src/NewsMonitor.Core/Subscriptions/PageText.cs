namespace NewsMonitor.Subscriptions;

/// <summary>The words of the subscription pages, in Vietnamese and English (written by us).</summary>
public sealed record PageText
{
    public required string Lang { get; init; }
    public required string OtherLanguageName { get; init; }
    public required string LanguageNav { get; init; }
    public required string SubscribeTitle { get; init; }
    public required string SubscribeLead { get; init; }
    public required string Email { get; init; }
    public required string EmailHint { get; init; }
    public required string EmailLanguage { get; init; }
    public required string Sectors { get; init; }
    public required string SectorsHint { get; init; }
    public required string Partners { get; init; }
    public required string PartnersHint { get; init; }
    public required string OtherPartners { get; init; }
    public required string OtherPartnersHint { get; init; }
    public required string Keywords { get; init; }
    public required string KeywordsHint { get; init; }
    public required string KeywordsExact { get; init; }
    public required string Delivery { get; init; }
    public required string Instant { get; init; }
    public required string Digest { get; init; }
    public required string NothingToday { get; init; }
    public required string QuietHours { get; init; }
    public required string QuietHoursHint { get; init; }
    public required string QuietFrom { get; init; }
    public required string QuietTo { get; init; }
    public required string MaxPerHour { get; init; }
    public required string MaxPerHourHint { get; init; }
    public required string SubscribeButton { get; init; }
    public required string SubscribePrivacy { get; init; }
    public required string ErrorsTitle { get; init; }
    public required string EmailMissing { get; init; }
    public required string EmailInvalid { get; init; }
    public required string UnknownSector { get; init; }
    public required string UnknownCountry { get; init; }
    public required string KeywordsTooMany { get; init; }
    public required string DeliveryMissing { get; init; }
    public required string TimeInvalid { get; init; }
    public required string QuietSame { get; init; }
    public required string CapInvalid { get; init; }
    public required string CheckInboxTitle { get; init; }
    public required string CheckInboxBody { get; init; }
    public required string RateLimitedTitle { get; init; }
    public required string RateLimitedBody { get; init; }
    public required string ConfirmTitle { get; init; }
    public required string ConfirmBody { get; init; }
    public required string ConfirmButton { get; init; }
    public required string ConfirmedTitle { get; init; }
    public required string ConfirmedBody { get; init; }
    public required string AlreadyConfirmedBody { get; init; }
    public required string OpenPreferences { get; init; }
    public required string PreferencesTitle { get; init; }
    public required string PreferencesFor { get; init; }
    public required string SaveButton { get; init; }
    public required string Saved { get; init; }
    public required string UnsubscribeLink { get; init; }
    public required string UnsubscribeTitle { get; init; }
    public required string UnsubscribeBody { get; init; }
    public required string UnsubscribeButton { get; init; }
    public required string UnsubscribedTitle { get; init; }
    public required string UnsubscribedBody { get; init; }
    public required string SubscribeAgain { get; init; }
    public required string InvalidLinkTitle { get; init; }
    public required string InvalidLinkBody { get; init; }
    public required string ExpiredLinkTitle { get; init; }
    public required string ExpiredLinkBody { get; init; }
    public required string ReplacedLinkTitle { get; init; }
    public required string ReplacedLinkBody { get; init; }
    public required string UnavailableTitle { get; init; }
    public required string UnavailableBody { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundBody { get; init; }
    public required string PreviewButton { get; init; }
    public required string PreviewTitle { get; init; }
    public required string PreviewCount { get; init; }
    public required string PreviewNone { get; init; }
    public required string PreviewWhy { get; init; }

    public static PageText For(string? language) => language == "en" ? En : Vi;

    /// <summary>The page language a request asks for: <c>?lang=</c>, else the first of vi/en in <c>Accept-Language</c>, else Vietnamese.</summary>
    public static string Choose(string? lang, string? acceptLanguage)
    {
        if (lang is "vi" or "en") return lang;
        foreach (var part in (acceptLanguage ?? "").Split(','))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.StartsWith("vi", StringComparison.OrdinalIgnoreCase)) return "vi";
            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase)) return "en";
        }
        return "vi";
    }

    public static readonly PageText Vi = new()
    {
        Lang = "vi", OtherLanguageName = "English", LanguageNav = "Ngôn ngữ",
        SubscribeTitle = "Đăng ký nhận tin hợp tác quốc tế",
        SubscribeLead = "NewsMonitor theo dõi báo chí tiếng Việt về hợp tác quốc tế của Việt Nam và gửi cho bạn những tin theo lĩnh vực và đối tác bạn chọn.",
        Email = "Địa chỉ email", EmailHint = "Ví dụ: ten@example.vn", EmailLanguage = "Ngôn ngữ của thư",
        Sectors = "Lĩnh vực", SectorsHint = "Không chọn lĩnh vực nào: nhận tin mọi lĩnh vực.",
        Partners = "Đối tác", PartnersHint = "Không chọn đối tác nào: nhận tin với mọi đối tác.",
        OtherPartners = "Đối tác khác", OtherPartnersHint = "Tên hoặc mã quốc gia, cách nhau bằng dấu phẩy. Ví dụ: Ba Lan, Chile",
        Keywords = "Từ khóa", KeywordsHint = "Cách nhau bằng dấu phẩy. Ví dụ: học bổng, điện gió. Gõ không dấu cũng khớp với chữ có dấu.",
        KeywordsExact = "Phân biệt dấu: chỉ khớp đúng như đã gõ",
        Delivery = "Cách nhận tin", Instant = "Cảnh báo ngay khi có tin", Digest = "Bản tin hằng ngày lúc 07:00 (giờ Việt Nam)",
        NothingToday = "Vẫn gửi thư vào ngày không có tin nào",
        QuietHours = "Giờ yên lặng (giờ Việt Nam)", QuietHoursHint = "Trong những giờ này không gửi cảnh báo; các tin đó có trong bản tin kế tiếp.",
        QuietFrom = "Từ", QuietTo = "Đến",
        MaxPerHour = "Số cảnh báo tối đa mỗi giờ", MaxPerHourHint = "Để trống: không giới hạn. Tin vượt quá có trong bản tin kế tiếp.",
        SubscribeButton = "Đăng ký",
        SubscribePrivacy = "Chúng tôi chỉ gửi một thư xác nhận; không có thư nào khác trước khi bạn xác nhận. Mỗi thư đều có đường dẫn hủy đăng ký.",
        ErrorsTitle = "Vui lòng sửa các mục sau",
        EmailMissing = "Hãy nhập địa chỉ email.", EmailInvalid = "Địa chỉ email không hợp lệ. Ví dụ: ten@example.vn",
        UnknownSector = "Không có lĩnh vực “{0}”.", UnknownCountry = "Không nhận ra đối tác “{0}”. Hãy gõ tên quốc gia (ví dụ: Ba Lan) hoặc mã (PL).",
        KeywordsTooMany = "Tối đa {0} từ khóa, mỗi từ khóa không quá 100 ký tự.",
        DeliveryMissing = "Hãy chọn cảnh báo, bản tin hằng ngày hoặc cả hai.",
        TimeInvalid = "Hãy nhập giờ dạng HH:mm, ví dụ 22:00.", QuietSame = "Giờ bắt đầu và giờ kết thúc phải khác nhau.",
        CapInvalid = "Hãy nhập một số nguyên từ 1 đến 1000, hoặc để trống.",
        CheckInboxTitle = "Hãy kiểm tra hộp thư",
        CheckInboxBody = "Nếu địa chỉ này có thể nhận tin, một thư đã được gửi đến đó. Hãy mở thư và bấm đường dẫn để xác nhận. Đường dẫn có hiệu lực 7 ngày.",
        RateLimitedTitle = "Quá nhiều yêu cầu", RateLimitedBody = "Đã có quá nhiều yêu cầu đăng ký trong một giờ qua. Hãy thử lại sau.",
        ConfirmTitle = "Xác nhận đăng ký", ConfirmBody = "Bấm nút dưới đây để xác nhận rằng bạn muốn nhận tin của NewsMonitor.", ConfirmButton = "Xác nhận đăng ký",
        ConfirmedTitle = "Đăng ký đã được xác nhận", ConfirmedBody = "Cảm ơn bạn. Chúng tôi đã gửi một thư chào mừng có đường dẫn để thay đổi lựa chọn.",
        AlreadyConfirmedBody = "Đăng ký này đã được xác nhận trước đó; bạn không cần làm gì thêm.",
        OpenPreferences = "Xem hoặc thay đổi lựa chọn",
        PreferencesTitle = "Lựa chọn nhận tin", PreferencesFor = "Đăng ký của {0}", SaveButton = "Lưu lựa chọn", Saved = "Đã lưu lựa chọn của bạn.",
        UnsubscribeLink = "Hủy đăng ký",
        UnsubscribeTitle = "Hủy đăng ký", UnsubscribeBody = "Bấm nút dưới đây để ngừng nhận mọi thư của NewsMonitor tại địa chỉ này.", UnsubscribeButton = "Hủy đăng ký",
        UnsubscribedTitle = "Bạn đã hủy đăng ký", UnsubscribedBody = "Địa chỉ này sẽ không nhận thêm thư nào của NewsMonitor.", SubscribeAgain = "Đăng ký lại",
        InvalidLinkTitle = "Đường dẫn không hợp lệ",
        InvalidLinkBody = "Đường dẫn này không đúng hoặc không dành cho trang này; có thể nó đã bị cắt khi sao chép. Hãy mở lại đường dẫn từ thư.",
        ExpiredLinkTitle = "Đường dẫn đã hết hạn", ExpiredLinkBody = "Đường dẫn này đã quá thời hạn. Hãy dùng đường dẫn trong thư gần nhất, hoặc đăng ký lại để nhận đường dẫn mới.",
        ReplacedLinkTitle = "Đường dẫn đã được thay thế",
        ReplacedLinkBody = "Đường dẫn này đã được dùng, đã có đường dẫn mới hơn, hoặc đăng ký đã kết thúc. Hãy dùng đường dẫn trong thư gần nhất.",
        UnavailableTitle = "Tạm thời chưa phục vụ được", UnavailableBody = "Trang đăng ký đang tạm ngừng. Hãy thử lại sau ít phút.",
        NotFoundTitle = "Không tìm thấy trang", NotFoundBody = "Không có trang này.",
        PreviewButton = "Xem trước tin phù hợp", PreviewTitle = "Tin 7 ngày qua phù hợp với các lựa chọn này",
        PreviewCount = "{0} tin phù hợp; mới nhất:", PreviewNone = "Chưa có tin nào trong 7 ngày qua phù hợp với các lựa chọn này.", PreviewWhy = "Khớp",
    };

    public static readonly PageText En = new()
    {
        Lang = "en", OtherLanguageName = "Tiếng Việt", LanguageNav = "Language",
        SubscribeTitle = "Subscribe to international cooperation news",
        SubscribeLead = "NewsMonitor follows the Vietnamese press on Vietnam's international cooperation and sends you the stories of the sectors and partners you choose.",
        Email = "Email address", EmailHint = "For example: name@example.vn", EmailLanguage = "Language of the emails",
        Sectors = "Sectors", SectorsHint = "Choose none to get every sector.",
        Partners = "Partners", PartnersHint = "Choose none to get every partner.",
        OtherPartners = "Other partners", OtherPartnersHint = "Country names or codes, separated by commas. For example: Poland, Chile",
        Keywords = "Keywords", KeywordsHint = "Separated by commas. For example: học bổng, điện gió. Typed without diacritics, a keyword also matches words with them.",
        KeywordsExact = "Match diacritics exactly as typed",
        Delivery = "How to receive news", Instant = "Instant alerts as stories break", Digest = "Daily digest at 07:00 (Vietnam time)",
        NothingToday = "Send an email even on days without news",
        QuietHours = "Quiet hours (Vietnam time)", QuietHoursHint = "No alerts in these hours; those stories come in the next digest.",
        QuietFrom = "From", QuietTo = "To",
        MaxPerHour = "Most alerts per hour", MaxPerHourHint = "Empty: no limit. Stories over the limit come in the next digest.",
        SubscribeButton = "Subscribe",
        SubscribePrivacy = "We send one confirmation email and nothing else until you confirm. Every email has an unsubscribe link.",
        ErrorsTitle = "Please correct the following",
        EmailMissing = "Enter an email address.", EmailInvalid = "This is not a valid email address. For example: name@example.vn",
        UnknownSector = "There is no sector “{0}”.", UnknownCountry = "Partner “{0}” is not recognised. Type a country name (for example: Poland) or code (PL).",
        KeywordsTooMany = "At most {0} keywords, each at most 100 characters.",
        DeliveryMissing = "Choose instant alerts, the daily digest or both.",
        TimeInvalid = "Enter a time as HH:mm, for example 22:00.", QuietSame = "The start and end times must differ.",
        CapInvalid = "Enter a whole number from 1 to 1000, or leave it empty.",
        CheckInboxTitle = "Check your inbox",
        CheckInboxBody = "If this address can receive our news, an email has been sent to it. Open it and follow the link to confirm. The link works for 7 days.",
        RateLimitedTitle = "Too many requests", RateLimitedBody = "There have been too many subscribe requests in the last hour. Please try again later.",
        ConfirmTitle = "Confirm your subscription", ConfirmBody = "Press the button below to confirm that you want to receive NewsMonitor's news.", ConfirmButton = "Confirm subscription",
        ConfirmedTitle = "Subscription confirmed", ConfirmedBody = "Thank you. We have sent you a welcome email with a link to change your choices.",
        AlreadyConfirmedBody = "This subscription was confirmed already; there is nothing more to do.",
        OpenPreferences = "See or change your choices",
        PreferencesTitle = "Your choices", PreferencesFor = "Subscription of {0}", SaveButton = "Save choices", Saved = "Your choices have been saved.",
        UnsubscribeLink = "Unsubscribe",
        UnsubscribeTitle = "Unsubscribe", UnsubscribeBody = "Press the button below to stop every NewsMonitor email to this address.", UnsubscribeButton = "Unsubscribe",
        UnsubscribedTitle = "You have unsubscribed", UnsubscribedBody = "This address will receive no more NewsMonitor emails.", SubscribeAgain = "Subscribe again",
        InvalidLinkTitle = "This link is not valid",
        InvalidLinkBody = "This link is wrong or meant for another page; it may have been cut short when copied. Open the link from the email again.",
        ExpiredLinkTitle = "This link has expired", ExpiredLinkBody = "This link is past its time. Use the link in our latest email, or subscribe again to get a new one.",
        ReplacedLinkTitle = "This link has been replaced",
        ReplacedLinkBody = "This link has been used, a newer one has been sent, or the subscription has ended. Use the link in our latest email.",
        UnavailableTitle = "Not available right now", UnavailableBody = "The subscription pages are paused. Please try again in a few minutes.",
        NotFoundTitle = "Page not found", NotFoundBody = "There is no such page.",
        PreviewButton = "Preview matching stories", PreviewTitle = "Stories of the last 7 days these choices would have caught",
        PreviewCount = "{0} matching stories; the latest:", PreviewNone = "No story of the last 7 days matches these choices.", PreviewWhy = "Matched",
    };
}
