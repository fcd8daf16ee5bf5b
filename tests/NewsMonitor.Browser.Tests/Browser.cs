using Microsoft.Playwright;

namespace NewsMonitor.Tests;

/// <summary>
/// Headless Chromium from Debian (<c>apt-get install chromium</c>, done by tests/setup.sh) driven by Playwright with its
/// executable path: Playwright downloads no browser. <c>CHROMIUM_PATH</c> names another executable.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>artifacts/screenshots</c> in the repository (CI keeps <c>artifacts/</c>).</summary>
    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(RepoPaths.Root, "artifacts", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p
            : new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
              ?? throw new InvalidOperationException("Chromium is not installed: run tests/setup.sh (apt-get install chromium) or set CHROMIUM_PATH.");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>
    /// How far the page reaches past the viewport's right edge, in CSS pixels (0: nothing overflows horizontally): the
    /// document's scroll width, and the right edge of every element, which catches content cut off by overflow:hidden.
    /// </summary>
    public static Task<double> HorizontalOverflowAsync(IPage page) => page.EvaluateAsync<double>("""
        () => {
          const width = document.documentElement.clientWidth;
          let right = document.documentElement.scrollWidth;
          for (const e of document.body.querySelectorAll('*')) {
            const r = e.getBoundingClientRect();
            if (r.width > 0 && r.height > 0) right = Math.max(right, r.right);
          }
          return Math.max(0, right - width);
        }
        """);

    /// <summary>
    /// Text whose contrast with its background is below <paramref name="minimum"/> (WCAG's ratio of relative
    /// luminances; the background is the nearest ancestor's that is not transparent), as "ratio element text".
    /// </summary>
    public static Task<string[]> LowContrastTextAsync(IPage page, double minimum) => page.EvaluateAsync<string[]>("""
        minimum => {
          const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
          const luminance = c => { const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(channel); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const background = e => {
            for (; e; e = e.parentElement) {
              const c = getComputedStyle(e).backgroundColor, m = c.match(/[\d.]+/g);
              if (m && (m.length < 4 || Number(m[3]) > 0)) return c;
            }
            return 'rgb(255, 255, 255)';
          };
          const low = [];
          for (const e of document.querySelectorAll('body *')) {
            if (![...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
            const s = getComputedStyle(e);
            if (s.display === 'none' || s.visibility === 'hidden') continue;
            const a = luminance(s.color), b = luminance(background(e));
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < minimum) low.push(ratio.toFixed(2) + ' ' + e.tagName + ' ' + e.textContent.trim().slice(0, 40));
          }
          return low;
        }
        """, minimum);
}
