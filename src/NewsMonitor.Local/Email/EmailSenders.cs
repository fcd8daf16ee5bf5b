using MailKit;
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

    /// <summary>Connections kept open and used at once: a digest run sends thousands of emails, each over a ready connection.</summary>
    public int MaxConnections { get; set; } = 4;

    /// <summary>A connection idle for longer is checked (NOOP) before use: servers close idle connections.</summary>
    public TimeSpan IdleCheck { get; set; } = TimeSpan.FromSeconds(30);
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

/// <summary>
/// Sends through an SMTP server with MailKit, over up to <see cref="SmtpOptions.MaxConnections"/> connections kept open
/// between messages (connecting and greeting cost more than sending a digest). A connection found closed is replaced
/// before the message is given to it; a message whose sending fails is not sent again here (the server may have taken
/// it): the connection is dropped and the caller, whose ledger has the record, decides.
/// </summary>
public sealed class SmtpEmailSender : IEmailSender, IDisposable
{
    private readonly SmtpOptions _smtp;
    private readonly EmailOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly System.Collections.Concurrent.ConcurrentBag<(SmtpClient Client, long LastUsed)> _idle = [];

    public SmtpEmailSender(SmtpOptions smtp, EmailOptions options)
    {
        _smtp = smtp;
        _options = options;
        _slots = new SemaphoreSlim(Math.Max(1, smtp.MaxConnections));
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var mime = Mime.Build(message, _options);
        await _slots.WaitAsync(cancellationToken);
        SmtpClient? client = null;
        try
        {
            client = await ReadyClientAsync(cancellationToken);
            await client.SendAsync(mime, cancellationToken);
            _idle.Add((client, Environment.TickCount64));
            client = null;
        }
        finally
        {
            client?.Dispose(); // failed mid-way: its state is unknown
            _slots.Release();
        }
    }

    private async Task<SmtpClient> ReadyClientAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out var idle))
        {
            if (idle.Client.IsConnected && Environment.TickCount64 - idle.LastUsed < _smtp.IdleCheck.TotalMilliseconds) return idle.Client;
            try
            {
                if (idle.Client.IsConnected)
                {
                    await idle.Client.NoOpAsync(cancellationToken);
                    return idle.Client;
                }
            }
            catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException) { }
            idle.Client.Dispose();
        }
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(_smtp.Host ?? throw new InvalidOperationException("Smtp:Host is not set."), _smtp.Port, _smtp.UseTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, cancellationToken);
            if (!string.IsNullOrEmpty(_smtp.User)) await client.AuthenticateAsync(_smtp.User, _smtp.Password ?? "", cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Says goodbye (QUIT) on every open connection.</summary>
    public void Dispose()
    {
        while (_idle.TryTake(out var idle))
        {
            try { if (idle.Client.IsConnected) idle.Client.Disconnect(true); }
            catch (Exception e) when (e is IOException or SmtpCommandException or SmtpProtocolException) { }
            idle.Client.Dispose();
        }
        _slots.Dispose();
    }
}
