using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using NewsMonitor.Subscriptions;

namespace NewsMonitor.Core.Tests;

public class SubscriptionTokenTests
{
    private static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 11, 1, 0, 0, 0, TimeSpan.Zero));

    private SubscriptionTokens Tokens(string? key = null, params string[] previous) =>
        new(new TokenOptions { Key = key ?? Key, PreviousKeys = previous.ToList() }, _clock);

    [Fact]
    public void AnIssuedToken_ChecksOut_WithItsPurposeSubscriptionAndVersion()
    {
        var tokens = Tokens();
        var token = tokens.Issue(TokenPurpose.Unsubscribe, "sub-42", version: 3);

        var check = tokens.Check(token, TokenPurpose.Unsubscribe, _ => 3);

        Assert.True(check.IsValid);
        Assert.Equal(new TokenClaims(TokenPurpose.Unsubscribe, "sub-42", _clock.GetUtcNow().AddDays(90), 3), check.Claims);
        Assert.DoesNotContain(token, c => c is '+' or '/' or '='); // safe in a URL as it is
    }

    [Fact]
    public void ATamperedToken_IsInvalid_WhicheverPartWasChanged()
    {
        var tokens = Tokens();
        var token = tokens.Issue(TokenPurpose.Preferences, "sub-1", 1);
        var other = tokens.Issue(TokenPurpose.Preferences, "sub-2", 1);
        int dot = token.IndexOf('.');
        char Flip(char c) => c == 'A' ? 'B' : 'A';
        var tampered = new[]
        {
            Flip(token[0]) + token[1..], // the payload
            token[..^1] + Flip(token[^1]), // the signature
            token[..dot] + other[other.IndexOf('.')..], // another token's signature
            other[..other.IndexOf('.')] + token[dot..], // another subscription under this signature
            token + ".x", "", "not-a-token", token.Replace('.', '!'),
        };
        foreach (var t in tampered)
            Assert.Equal(TokenProblem.Invalid, tokens.Check(t, TokenPurpose.Preferences).Problem);
        Assert.Equal(TokenProblem.Invalid, Tokens(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Check(token, TokenPurpose.Preferences).Problem);
    }

    [Fact]
    public void AToken_ExpiresAfterItsLifetime_ConfirmationsSooner()
    {
        var tokens = Tokens();
        var confirm = tokens.Issue(TokenPurpose.Confirm, "sub-1", 0);
        var unsubscribe = tokens.Issue(TokenPurpose.Unsubscribe, "sub-1", 0);

        _clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        Assert.True(tokens.Check(confirm, TokenPurpose.Confirm).IsValid);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenProblem.Expired, tokens.Check(confirm, TokenPurpose.Confirm).Problem);
        Assert.True(tokens.Check(unsubscribe, TokenPurpose.Unsubscribe).IsValid);
        _clock.Advance(TimeSpan.FromDays(83));
        Assert.Equal(TokenProblem.Expired, tokens.Check(unsubscribe, TokenPurpose.Unsubscribe).Problem);
    }

    [Fact]
    public void ATokenForOnePurpose_DoesNotServeAnother()
    {
        var tokens = Tokens();
        var preferences = tokens.Issue(TokenPurpose.Preferences, "sub-1", 0);
        Assert.Equal(TokenProblem.WrongPurpose, tokens.Check(preferences, TokenPurpose.Confirm).Problem);
        Assert.Equal(TokenProblem.WrongPurpose, tokens.Check(preferences, TokenPurpose.Unsubscribe).Problem);
    }

    [Fact]
    public void AReplayedToken_FromBeforeTheLinksWereRenewed_IsSuperseded()
    {
        var tokens = Tokens();
        var confirm = tokens.Issue(TokenPurpose.Confirm, "sub-1", version: 0);
        Assert.True(tokens.Check(confirm, TokenPurpose.Confirm, _ => 0).IsValid);
        // Confirming renews the subscription's links (version 1): the same confirmation link again is a replay.
        Assert.Equal(TokenProblem.Superseded, tokens.Check(confirm, TokenPurpose.Confirm, _ => 1).Problem);
    }

    [Fact]
    public void AfterAKeyRotation_LinksSignedWithThePreviousKey_StillWorkUntilTheyExpire()
    {
        var old = Tokens().Issue(TokenPurpose.Unsubscribe, "sub-1", 0);
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

        Assert.True(Tokens(newKey, Key).Check(old, TokenPurpose.Unsubscribe).IsValid);
        Assert.Equal(TokenProblem.Invalid, Tokens(newKey).Check(old, TokenPurpose.Unsubscribe).Problem);
    }

    [Theory]
    [InlineData(null, "NewsMonitor:Tokens:Key is not set")]
    [InlineData("not base64!", "NewsMonitor:Tokens:Key is not base64")]
    [InlineData("c2hvcnQ=", "NewsMonitor:Tokens:Key is 5 bytes")]
    public void AMissingOrWeakKey_IsAClearConfigurationError(string? key, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new SubscriptionTokens(new TokenOptions { Key = key }, TimeProvider.System));
        Assert.StartsWith(message, e.Message);
    }
}

public class SubscriptionRecordTests
{
    [Fact]
    public void ASubscriptionPrinted_ShowsNeitherTheAddressNorTheWebhook()
    {
        var sub = new Domain.Subscription("s1", "lan@example.vn", "vi", [], [], [], true, false, Webhook: new Uri("https://hooks.slack.com/services/T/B/secret"));
        Assert.Equal("Subscription s1 (confirmed)", sub.ToString());
    }
}
