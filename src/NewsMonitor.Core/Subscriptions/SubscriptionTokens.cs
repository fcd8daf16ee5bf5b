using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace NewsMonitor.Subscriptions;

/// <summary>What a link in an email lets its holder do.</summary>
public enum TokenPurpose : byte
{
    /// <summary>Confirm the subscription (double opt-in).</summary>
    Confirm = 1,

    /// <summary>Open and change the subscription's preferences.</summary>
    Preferences = 2,

    /// <summary>Unsubscribe, from the link in the email or the one-click <c>List-Unsubscribe-Post</c>.</summary>
    Unsubscribe = 3,
}

/// <summary>Why a token was not accepted; each has its own page, never an error.</summary>
public enum TokenProblem
{
    /// <summary>Not a token this service issued: malformed, or its signature does not match (a tampered link).</summary>
    Invalid,

    /// <summary>Issued for something else (a preferences link used to confirm).</summary>
    WrongPurpose,

    /// <summary>Past its lifetime.</summary>
    Expired,

    /// <summary>Issued before the subscription's links were renewed: already used (a confirmation) or replaced.</summary>
    Superseded,
}

/// <summary>A token's contents, once its signature has been checked.</summary>
/// <param name="Version">The subscription's link version when the token was issued; a later version supersedes it.</param>
public sealed record TokenClaims(TokenPurpose Purpose, string SubscriptionId, DateTimeOffset ExpiresAt, int Version);

/// <summary>The outcome of checking a token: the claims, or the problem.</summary>
public sealed record TokenCheck(TokenClaims? Claims, TokenProblem? Problem)
{
    public bool IsValid => Claims is not null;
}

/// <summary>Settings of <see cref="SubscriptionTokens"/>, bound from the <c>NewsMonitor:Tokens</c> section.</summary>
public sealed class TokenOptions
{
    public const string Section = "NewsMonitor:Tokens";

    /// <summary>The signing key, base64, at least 32 bytes (HMAC-SHA256). Keep it in Key Vault or an app setting, never in the repository.</summary>
    public string? Key { get; set; }

    /// <summary>Earlier keys, base64, still accepted so that links sent before a key rotation keep working until they expire.</summary>
    public IList<string> PreviousKeys { get; set; } = [];

    /// <summary>How long a confirmation link works: a week, long enough for a holiday, short enough that a leaked mail goes stale.</summary>
    public TimeSpan ConfirmLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long preferences and unsubscribe links in an email work: mail is read late, and RFC 8058 asks that unsubscribe keep working.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>
/// Signed, expiring tokens for the links in emails: <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c>, the
/// payload holding the purpose, the subscription id, the expiry (Unix seconds) and the subscription's link version.
/// Nothing in a token is secret, but nobody without the key can make or alter one. Thread-safe.
/// </summary>
public sealed class SubscriptionTokens
{
    private const byte FormatVersion = 1;
    private const int MinimumKeyBytes = 32;
    private readonly byte[] _key;
    private readonly byte[][] _previousKeys;
    private readonly TokenOptions _options;
    private readonly TimeProvider _clock;

    /// <exception cref="ArgumentException">The key is missing, not base64, or shorter than 32 bytes; the message names the setting.</exception>
    public SubscriptionTokens(TokenOptions options, TimeProvider clock)
    {
        _options = options;
        _clock = clock;
        _key = DecodeKey(options.Key, $"{TokenOptions.Section}:Key");
        _previousKeys = options.PreviousKeys.Select((k, i) => DecodeKey(k, $"{TokenOptions.Section}:PreviousKeys:{i}")).ToArray();
    }

    /// <summary>A token for <paramref name="purpose"/> on the subscription, valid for the purpose's lifetime from now.</summary>
    public string Issue(TokenPurpose purpose, string subscriptionId, int version)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        var lifetime = purpose == TokenPurpose.Confirm ? _options.ConfirmLifetime : _options.LinkLifetime;
        var expires = _clock.GetUtcNow() + lifetime;
        var id = Encoding.UTF8.GetBytes(subscriptionId);
        var payload = new byte[1 + 1 + 8 + 4 + id.Length];
        payload[0] = FormatVersion;
        payload[1] = (byte)purpose;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(2), expires.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt32BigEndian(payload.AsSpan(10), version);
        id.CopyTo(payload, 14);
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>
    /// Checks a token for <paramref name="purpose"/>: signature (in constant time, against the current and previous keys),
    /// purpose and expiry. <paramref name="currentVersion"/>, when given, is the subscription's link version now: a token
    /// issued for an earlier one is <see cref="TokenProblem.Superseded"/>.
    /// </summary>
    public TokenCheck Check(string? token, TokenPurpose purpose, Func<string, int?>? currentVersion = null)
    {
        if (Parse(token) is not { } claims) return new(null, TokenProblem.Invalid);
        if (claims.Purpose != purpose) return new(null, TokenProblem.WrongPurpose);
        if (claims.ExpiresAt <= _clock.GetUtcNow()) return new(null, TokenProblem.Expired);
        if (currentVersion?.Invoke(claims.SubscriptionId) is { } now && now != claims.Version) return new(null, TokenProblem.Superseded);
        return new(claims, null);
    }

    private TokenClaims? Parse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 512) return null;
        int dot = token.IndexOf('.');
        if (dot <= 0 || dot != token.LastIndexOf('.')) return null;
        if (FromBase64Url(token[..dot]) is not { Length: >= 15 } payload || FromBase64Url(token[(dot + 1)..]) is not { Length: 32 } mac) return null;
        if (!_previousKeys.Prepend(_key).Any(k => CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(k, payload), mac))) return null;
        if (payload[0] != FormatVersion || !Enum.IsDefined((TokenPurpose)payload[1])) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(2)));
        int version = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(10));
        return new TokenClaims((TokenPurpose)payload[1], Encoding.UTF8.GetString(payload, 14, payload.Length - 14), expires, version);
    }

    private static byte[] DecodeKey(string? value, string setting)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"{setting} is not set: give a random key of at least {MinimumKeyBytes} bytes, base64 (for example `openssl rand -base64 32`).");
        byte[] key;
        try { key = Convert.FromBase64String(value); }
        catch (FormatException) { throw new ArgumentException($"{setting} is not base64."); }
        if (key.Length < MinimumKeyBytes) throw new ArgumentException($"{setting} is {key.Length} bytes; HMAC-SHA256 link signing needs at least {MinimumKeyBytes}.");
        return key;
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))) return null;
        var padded = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - text.Length % 4) % 4);
        try { return Convert.FromBase64String(padded); }
        catch (FormatException) { return null; }
    }
}
