using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NewsMonitor.Local.Storage;

namespace NewsMonitor.Tests;

/// <summary>maildev, <c>newsmon serve</c> sending to it, and Chromium: what one test class shares.</summary>
public sealed class ServeFixture : IAsyncLifetime
{
    public Maildev Maildev { get; private set; } = null!;

    public NewsmonServe Serve { get; private set; } = null!;

    public Browser Browser { get; } = new();

    public async Task InitializeAsync()
    {
        Maildev = await Maildev.StartAsync();
        Serve = await NewsmonServe.StartAsync(Maildev.SmtpPort);
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        if (Serve is not null) await Serve.DisposeAsync();
        if (Maildev is not null) await Maildev.DisposeAsync();
    }
}

/// <summary>
/// The subscription pages in headless Chromium against <c>newsmon serve</c>, with the emails read back from maildev:
/// subscribe (by keyboard), confirm, change preferences, one-click unsubscribe; and the pages for a bad link.
/// </summary>
public sealed partial class SubscriptionFlowTests(ServeFixture f) : IClassFixture<ServeFixture>
{
    [Fact]
    public async Task SubscribeConfirmPreferencesAndOneClickUnsubscribe_InChromium()
    {
        const string address = "reader.flow@example.vn";
        await using var context = await f.Browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 375, Height = 800 } });
        var page = await context.NewPageAsync();

        // Subscribe, by keyboard only: tab to the address, type it, space to tick boxes, Enter to send.
        var form = await page.GotoAsync(f.Serve.BaseUrl + "subscribe?lang=en");
        Assert.Equal(200, form!.Status);
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await TabToAsync(page, "#email");
        await page.Keyboard.TypeAsync(address);
        await TabToAsync(page, "#sector-health");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "#otherCountries");
        await page.Keyboard.TypeAsync("Hàn Quốc");
        await TabToAsync(page, "#instant");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "button[type=submit]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page, "Check your inbox");

        // The confirmation email is the only one; its link opens a page with a button (a mail scanner confirms nothing).
        var confirmation = await MessageToAsync(address, "Confirm your NewsMonitor subscription");
        var confirmLink = LinkAfter(confirmation.GetProperty("text").GetString()!, "Confirm the subscription: ");
        Assert.Equal(200, (await page.GotoAsync(confirmLink))!.Status);
        await Expect(page, "Confirm your subscription");
        Assert.False(Assert.Single(await StoredAsync(s => s.Email == address)).Confirmed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();
        await Expect(page, "Subscription confirmed");
        var confirmed = Assert.Single(await StoredAsync(s => s.Email == address));
        Assert.True(confirmed.Confirmed);
        Assert.Equal(["health"], confirmed.Sectors);
        Assert.Equal(["KR"], confirmed.Countries);
        Assert.True(confirmed.Instant);

        // The welcome email carries the one-click unsubscribe headers and a visible unsubscribe link.
        var welcome = await MessageToAsync(address, "Welcome to NewsMonitor");
        var headers = await HeadersAsync(welcome);
        var unsubscribe = UnsubscribeHeader().Match(headers).Groups[1].Value;
        Assert.StartsWith(f.Serve.BaseUrl + "unsubscribe?token=", unsubscribe);
        Assert.Matches("(?m)^List-Unsubscribe-Post: List-Unsubscribe=One-Click$", headers);
        Assert.Contains("Unsubscribe: " + unsubscribe, welcome.GetProperty("text").GetString()!);

        // Preferences: the choices made are shown; change them and save.
        await page.GetByRole(AriaRole.Link, new() { Name = "See or change your choices" }).ClickAsync();
        await Expect(page, "Your choices");
        Assert.True(await page.GetByLabel("Health").IsCheckedAsync());
        Assert.True(await page.GetByLabel("South Korea").IsCheckedAsync());
        await page.GetByLabel("Health").UncheckAsync();
        await page.GetByLabel("Energy").CheckAsync();
        await page.GetByLabel("From", new() { Exact = true }).FillAsync("22:00");
        await page.GetByLabel("To", new() { Exact = true }).FillAsync("06:30");
        await page.GetByLabel("Daily digest at 07:00 (Vietnam time)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save choices" }).ClickAsync();
        await Expect(page, "Your choices");
        Assert.Equal("Your choices have been saved.", (await page.GetByRole(AriaRole.Status).TextContentAsync())?.Trim());
        Assert.True(await page.GetByLabel("Energy").IsCheckedAsync());
        var saved = Assert.Single(await StoredAsync(s => s.Email == address));
        Assert.Equal(["energy"], saved.Sectors);
        Assert.Equal("22:00-06:30", saved.QuietHours?.ToString());
        Assert.True(saved.Digest && saved.Instant);
        Assert.Equal(address, saved.Email);
        var preferencesPage = page.Url;

        // The preview button shows what unsaved choices would catch (no story is stored here) and saves nothing.
        await page.GetByLabel("Education").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview matching stories" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync("No story of the last 7 days matches these choices.");
        Assert.True(await page.GetByLabel("Education").IsCheckedAsync());
        Assert.Equal(["energy"], Assert.Single(await StoredAsync(s => s.Email == address)).Sectors);

        // A mail client's one-click unsubscribe (RFC 8058): a POST of List-Unsubscribe=One-Click to the header's link.
        var oneClick = await page.APIRequest.PostAsync(unsubscribe, new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "application/x-www-form-urlencoded" },
            Data = "List-Unsubscribe=One-Click",
        });
        Assert.Equal(200, oneClick.Status);
        Assert.Empty(await StoredAsync(s => s.Email == address));

        // The old preferences link now says what happened instead of failing; the unsubscribe link says it is done.
        Assert.Equal(410, (await page.GotoAsync(preferencesPage))!.Status);
        await Expect(page, "This link has been replaced");
        Assert.Equal(200, (await page.GotoAsync(unsubscribe))!.Status);
        await Expect(page, "You have unsubscribed");
        await Task.Delay(500);
        Assert.Equal(2, (await f.Maildev.MessagesAsync()).Count(m => m.GetProperty("to")[0].GetProperty("address").GetString() == address)); // nothing after the welcome
    }

    [Fact]
    public async Task TheUnsubscribeLinkInTheEmail_OpensAPage_WhoseButtonUnsubscribes()
    {
        const string address = "reader.button@example.vn";
        var page = await f.Browser.Chromium.NewPageAsync();
        await page.GotoAsync(f.Serve.BaseUrl + "subscribe?lang=vi");
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        await page.GetByLabel("Địa chỉ email").FillAsync(address);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký" }).ClickAsync();
        await Expect(page, "Hãy kiểm tra hộp thư");
        var confirmation = await MessageToAsync(address, "Xác nhận đăng ký nhận tin NewsMonitor");
        await page.GotoAsync(LinkAfter(confirmation.GetProperty("text").GetString()!, "Xác nhận đăng ký: "));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xác nhận đăng ký" }).ClickAsync();
        await Expect(page, "Đăng ký đã được xác nhận");

        var welcome = await MessageToAsync(address, "Chào mừng bạn đến với NewsMonitor");
        await page.SetContentAsync(welcome.GetProperty("html").GetString()!);
        var link = await page.GetByRole(AriaRole.Link, new() { Name = "Hủy đăng ký" }).GetAttributeAsync("href");
        Assert.StartsWith(f.Serve.BaseUrl + "unsubscribe?token=", link);
        await page.GotoAsync(link!);
        await Expect(page, "Hủy đăng ký");
        Assert.Single(await StoredAsync(s => s.Email == address)); // opening the link changed nothing
        await page.GetByRole(AriaRole.Button, new() { Name = "Hủy đăng ký" }).ClickAsync();
        await Expect(page, "Bạn đã hủy đăng ký");
        Assert.Empty(await StoredAsync(s => s.Email == address));
    }

    [Fact]
    public async Task ATamperedLink_GetsAClearPage_InTheLanguageAsked()
    {
        var page = await f.Browser.Chromium.NewPageAsync();
        var response = await page.GotoAsync(f.Serve.BaseUrl + "confirm?lang=en&token=AQEAAAAAaGVsbG8.dGFtcGVyZWQ");
        Assert.Equal(400, response!.Status);
        await Expect(page, "This link is not valid");
        Assert.Equal(400, (await page.GotoAsync(f.Serve.BaseUrl + "preferences?lang=vi"))!.Status);
        await Expect(page, "Đường dẫn không hợp lệ");
    }

    [Fact]
    public async Task AFormWithMistakes_ListsThemAtTheTop_LinkedToTheirFields_AndKeepsWhatWasTyped()
    {
        var page = await f.Browser.Chromium.NewPageAsync();
        await page.GotoAsync(f.Serve.BaseUrl + "subscribe?lang=en");
        await page.GetByLabel("Email address").FillAsync("not an address\r\nBcc: x@example.vn");
        await page.GetByLabel("Other partners").FillAsync("Narnia, Ba Lan");
        await page.GetByLabel("Daily digest at 07:00 (Vietnam time)").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        var alert = page.GetByRole(AriaRole.Alert);
        Assert.Contains("This is not a valid email address", await alert.TextContentAsync());
        Assert.Contains("Partner “Narnia” is not recognised", await alert.TextContentAsync());
        Assert.Contains("Choose instant alerts, the daily digest or both", await alert.TextContentAsync());
        Assert.Equal("true", await page.GetByLabel("Email address").GetAttributeAsync("aria-invalid"));
        Assert.Equal("Narnia, Ba Lan", await page.GetByLabel("Other partners").InputValueAsync());
        await alert.GetByRole(AriaRole.Link, new() { Name = "Partner “Narnia” is not recognised. Type a country name (for example: Poland) or code (PL)." }).ClickAsync();
        Assert.EndsWith("#otherCountries", page.Url);
    }

    [Fact]
    public async Task EveryFormControl_HasALabel_AndThePagesFitAPhone()
    {
        await using var context = await f.Browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 320, Height = 640 } });
        var page = await context.NewPageAsync();
        foreach (var lang in new[] { "vi", "en" })
        {
            await page.GotoAsync(f.Serve.BaseUrl + "subscribe?lang=" + lang);
            var unlabelled = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('input:not([type=hidden]), button, select, textarea')]
                  .filter(e => !(e.labels && e.labels.length) && !e.textContent.trim() && !e.getAttribute('aria-label'))
                  .map(e => e.outerHTML)
                """);
            Assert.Empty(unlabelled);
            Assert.Equal(0, await Browser.HorizontalOverflowAsync(page));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.Screenshots, $"subscribe-{lang}-320.png"), FullPage = true });
        }
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task EveryText_HasAContrastOfAtLeast7To1_InLightAndDarkMode_ErrorsAndNoticesIncluded(ColorScheme scheme)
    {
        await using var context = await f.Browser.Chromium.NewContextAsync(new BrowserNewContextOptions { ColorScheme = scheme });
        var page = await context.NewPageAsync();
        await page.GotoAsync(f.Serve.BaseUrl + "subscribe?lang=vi");
        await page.GetByLabel("Địa chỉ email").FillAsync("sai địa chỉ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng ký", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        Assert.Empty(await Browser.LowContrastTextAsync(page, 7));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem trước tin phù hợp" }).ClickAsync();
        await Assertions.Expect(page.Locator("#preview")).ToBeVisibleAsync();
        Assert.Empty(await Browser.LowContrastTextAsync(page, 7));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.Screenshots, $"subscribe-errors-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
    }

    /// <summary>Presses Tab until the element <paramref name="selector"/> finds has the focus (at most 80 times).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (int i = 0; i < 80; i++)
        {
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && document.activeElement.matches(s)", selector)) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail($"Tab never reached {selector}");
    }

    /// <summary>The page's heading is <paramref name="heading"/>, once the page has loaded (Playwright waits up to 5 s).</summary>
    private static Task Expect(IPage page, string heading) => Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(heading);

    private static string LinkAfter(string text, string label)
    {
        var line = text.Split('\n').Single(l => l.StartsWith(label, StringComparison.Ordinal));
        return line[label.Length..].Trim();
    }

    private async Task<string> HeadersAsync(JsonElement message)
    {
        var source = (await f.Maildev.SourceAsync(message.GetProperty("id").GetString()!)).Replace("\r\n", "\n", StringComparison.Ordinal);
        return Regex.Replace(source[..source.IndexOf("\n\n", StringComparison.Ordinal)], "\n[ \t]+", " "); // unfolded
    }

    private async Task<JsonElement> MessageToAsync(string address, string subject)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            foreach (var m in await f.Maildev.MessagesAsync())
                if (m.GetProperty("subject").GetString() == subject && m.GetProperty("to")[0].GetProperty("address").GetString() == address) return m;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no email '{subject}' to {address}");
            await Task.Delay(100);
        }
    }

    private async Task<List<NewsMonitor.Domain.Subscription>> StoredAsync(Func<NewsMonitor.Domain.Subscription, bool> which)
    {
        var store = new SqliteStore(Path.Combine(f.Serve.Data, "newsmonitor.db"));
        return (await store.ListAsync()).Where(which).ToList();
    }

    [GeneratedRegex("(?m)^List-Unsubscribe: <([^>]+)>")]
    private static partial Regex UnsubscribeHeader();
}
