using System.Text.Json;

namespace NewsMonitor.Tests;

/// <summary>
/// Reports from the offline samples (text we wrote, see samples/README.md), read from their hand-checked extractions:
/// two independently written reports of one event, the signing of Japan's loan for Hanoi's metro line 5 (Thanh Niên and
/// Tuổi Trẻ), which share names and figures but hardly a sentence.
/// </summary>
internal static class SampleStories
{
    public static (string Title, string Body) MetroLoanThanhNien { get; } =
        Read("thanhnien.vn/ky-hiep-dinh-vay-oda-nhat-ban-cho-metro-van-cao-hoa-lac-185251104142012345.json");

    public static (string Title, string Body) MetroLoanTuoiTre { get; } =
        Read("tuoitre.vn/nhat-ban-cho-vay-98-5-ty-yen-lam-tuyen-duong-sat-do-thi-so-5-ha-noi-20251104103015482.json");

    private static (string Title, string Body) Read(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Samples, "expected-extraction", file)));
        var root = doc.RootElement;
        var paragraphs = root.GetProperty("paragraphs").EnumerateArray().Select(p => p.GetString()!);
        var lead = root.TryGetProperty("lead", out var l) && l.ValueKind == JsonValueKind.String ? [l.GetString()!] : Array.Empty<string>();
        return (root.GetProperty("title").GetString()!, string.Join('\n', lead.Concat(paragraphs)));
    }
}
