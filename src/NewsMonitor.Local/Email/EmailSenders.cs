using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using NewsMonitor.Digest;
using NewsMonitor.Domain;
using NewsMonitor.Ports;

namespace NewsMonitor.Local.Email;

/// <summary>SMTP settings; when <see cref="Host"/> is empty, mail goes to the outbox folder instead.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Require STARTTLS (the connection fails rather than falling back to clear text); off for local test servers.</summary>
    public bool UseTls { get; set; }
}

/// <summary>Builds MIME messages: multipart/alternative with the plain-text part first, UTF-8, our headers.</summary>
public static class Mime
{
    public static MimeMessage Build(EmailMessage message, EmailOptions options)
    {
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        foreach (var (name, value) in message.Headers) mime.Headers.Add(name, value);
        var body = new BodyBuilder { TextBody = message.Text, HtmlBody = message.Html };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}

/// <summary>Writes each message as an <c>.eml</c> file in the outbox folder (openable by any mail client).</summary>
public sealed class OutboxEmailSender(string folder, EmailOptions options, TimeProvider clock) : IEmailSender
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var mime = Mime.Build(message, options);
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"{stamp}-{Slug(message.To)}-{Guid.NewGuid().ToString("N")[..8]}.eml";
        await using var file = File.Create(Path.Combine(Folder, name));
        await mime.WriteToAsync(file, cancellationToken);
    }

    private static string Slug(string s) => new(s.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}

/// <summary>Sends through an SMTP server with MailKit.</summary>
public sealed class SmtpEmailSender(SmtpOptions smtp, EmailOptions options) : IEmailSender
{
    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        await client.SendAsync(Mime.Build(message, options), cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
