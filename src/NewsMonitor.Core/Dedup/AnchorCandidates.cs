namespace NewsMonitor.Dedup;

/// <summary>
/// Which articles found by anchors alone (<see cref="Fingerprints.Anchors"/>) are worth comparing, the same in every
/// index: those that share at least a third of the anchors of the smaller of the two texts (a passage of a third of it,
/// by the sample), so one boilerplate sentence between two long texts is not enough; at most
/// <see cref="MaxCandidates"/>, those sharing the most first.
/// </summary>
public static class AnchorCandidates
{
    /// <summary>The articles one anchor lists at most (the first found): beyond that it is boilerplate, not a shared passage.</summary>
    public const int MaxPerAnchor = 32;

    /// <summary>The most candidates found by anchors alone per article.</summary>
    public const int MaxCandidates = 16;

    /// <summary>The lookup key of an anchor in indexes keyed by strings, beside <see cref="Fingerprints.BandKeys"/>.</summary>
    public static string Key(uint anchor) => $"a{anchor:x8}";

    /// <summary>The chosen candidates among <paramref name="found"/>: each with the anchors it shares with the new article and the anchors it has.</summary>
    /// <param name="own">The new article's anchors.</param>
    public static List<T> Choose<T>(IEnumerable<(T Candidate, int Shared, int Anchors)> found, int own, IComparer<T> tieBreak) =>
        found.Where(f => f.Shared > 0 && 3 * f.Shared >= Math.Min(own, f.Anchors))
            .OrderByDescending(f => f.Shared).ThenBy(f => f.Candidate, tieBreak)
            .Take(MaxCandidates).Select(f => f.Candidate).ToList();
}
