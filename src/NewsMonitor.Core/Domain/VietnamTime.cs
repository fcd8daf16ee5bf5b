namespace NewsMonitor.Domain;

/// <summary>Vietnam time (ICT, UTC+7, no daylight saving): dates without a zone, digest days and times shown to readers.</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    /// <summary>The same instant on Vietnam's clock.</summary>
    public static DateTimeOffset Of(DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>When a story came out, as readers see it in emails and pages: its publication time, else when it was first seen, on Vietnam's clock.</summary>
    public static string Shown(StructuredSummary story) =>
        Of(story.PublishedAt ?? story.FirstSeenAt).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
