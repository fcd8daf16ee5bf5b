using System.Numerics;

namespace NewsMonitor.Dedup;

/// <summary>
/// A compact in-memory near-duplicate index over article ordinals (0, 1, 2… in insertion order): per article its band
/// bins, content hash, shingle count, named days, anchors and cluster, in flat arrays, and one open-addressing table of
/// LSH band and anchor entries. About 285 bytes per article at a million (see <see cref="BytesPerArticle"/>); the caller
/// keeps ids, the whole signature and anything else by ordinal. Not thread-safe: callers serialise
/// (see <see cref="InMemoryDedupIndex"/>).
/// </summary>
/// <remarks>
/// <para>
/// Two kinds of key find candidates. A band (two MinHash bins) is shared by texts of high Jaccard similarity. An anchor
/// (<see cref="Fingerprints.Anchors"/>: the shingles whose hash is a multiple of <see cref="Fingerprints.AnchorRate"/>)
/// is shared by texts that share a passage, however short one is against the other: a trimmed copy of a long report,
/// or a round-up that reprints a short item, whose Jaccard similarity is too low for any band. An anchor listed by
/// <see cref="AnchorCandidates.MaxPerAnchor"/> articles already is boilerplate ("theo Thông tấn xã Việt Nam…") and is not listed again.
/// </para>
/// <para>
/// A table slot is 32 bits: the ordinal + 1 in the high 24 and an 8-bit tag of the key in the low 8, so a probe rejects
/// 255 of 256 foreign entries without reading anything else. The key itself is not stored: it is read back from the
/// article's band bins or anchors for the few slots whose tag agrees, and to rehash when the table grows. Lookup cost
/// depends on the load factor (kept between 0.5 and 0.75), not on the number of articles.
/// </para>
/// </remarks>
public sealed class LshIndex
{
    /// <summary>The most articles one index holds: ordinals take 24 bits of a slot.</summary>
    public const int MaxArticles = (1 << 24) - 2;

    /// <summary>The bins kept per article: those the bands are made of.</summary>
    public const int BandBins = Fingerprints.Bands * Fingerprints.RowsPerBand;

    /// <summary>Anchors per article the arrays and table are sized for up front (the mean on the vi-news corpus is about 10).</summary>
    private const int ExpectedAnchors = 12;

    private const double MaxLoad = 0.75;

    private ushort[] _bins;
    private ulong[] _contentHashes;
    private int[] _shingleCounts;
    private uint[] _dates;
    private int[] _clusters;
    private int[] _anchorEnds;
    private uint[] _anchors;
    private ulong[] _banded;
    private uint[] _slots;
    private int _count;
    private long _usedSlots;

    /// <param name="capacity">Articles to make room for up front (the arrays grow by half when full).</param>
    public LshIndex(int capacity = 1024)
    {
        capacity = Math.Clamp(capacity, 16, MaxArticles);
        _bins = new ushort[capacity * BandBins];
        _contentHashes = new ulong[capacity];
        _shingleCounts = new int[capacity];
        _dates = new uint[capacity];
        _clusters = new int[capacity];
        _anchorEnds = new int[capacity];
        _anchors = new uint[capacity * ExpectedAnchors];
        _banded = new ulong[(capacity + 63) / 64];
        _slots = new uint[SlotsFor((long)capacity * (Fingerprints.Bands + ExpectedAnchors))];
    }

    public int Count => _count;

    /// <summary>Bytes held by the index's arrays, including room not used yet.</summary>
    public long Bytes => (long)_bins.Length * sizeof(ushort) + (long)_contentHashes.Length * sizeof(ulong) + (long)_shingleCounts.Length * sizeof(int)
        + (long)_dates.Length * sizeof(uint) + (long)_clusters.Length * sizeof(int) + (long)_anchorEnds.Length * sizeof(int)
        + (long)_anchors.Length * sizeof(uint) + (long)_banded.Length * sizeof(ulong) + (long)_slots.Length * sizeof(uint);

    public double BytesPerArticle => _count == 0 ? 0 : (double)Bytes / _count;

    /// <summary>The article's band bins: the first <see cref="BandBins"/> values of its signature.</summary>
    public ReadOnlySpan<ushort> Bins(int ordinal) => _bins.AsSpan(Check(ordinal) * BandBins, BandBins);

    public ulong ContentHash(int ordinal) => _contentHashes[Check(ordinal)];

    public int ShingleCount(int ordinal) => _shingleCounts[Check(ordinal)];

    /// <summary>The days the article's text names (<see cref="DateMentions"/>).</summary>
    public uint Dates(int ordinal) => _dates[Check(ordinal)];

    /// <summary>The article's anchors that the index lists (those that were not boilerplate when it was added).</summary>
    public ReadOnlySpan<uint> Anchors(int ordinal) => _anchors.AsSpan(AnchorStart(Check(ordinal)), _anchorEnds[ordinal] - AnchorStart(ordinal));

    /// <summary>The ordinal of the first article of the article's cluster.</summary>
    public int Cluster(int ordinal) => _clusters[Check(ordinal)];

    /// <summary>
    /// Adds an article and returns its ordinal. With <paramref name="searchable"/> false (texts too short to compare,
    /// exact copies of an article already searchable) it is stored but never returned as a candidate.
    /// </summary>
    /// <param name="signature">The whole signature (at least <see cref="BandBins"/> values; the index keeps those).</param>
    /// <param name="anchors">The text's anchors (<see cref="Fingerprints.Anchors"/>).</param>
    /// <param name="cluster">The ordinal of the cluster's first article; <see cref="Count"/> (this article's own ordinal) starts a cluster.</param>
    public int Add(ReadOnlySpan<ushort> signature, ulong contentHash, int shingleCount, uint dates, ReadOnlySpan<uint> anchors, int cluster, bool searchable)
    {
        CheckSignature(signature);
        if (_count == MaxArticles) throw new InvalidOperationException($"The index is full ({MaxArticles:N0} articles).");
        if ((uint)cluster > (uint)_count) throw new ArgumentOutOfRangeException(nameof(cluster), cluster, "The cluster is the ordinal of an article already in the index, or the new one's.");
        if (_count == _contentHashes.Length) GrowArticles();
        int ordinal = _count++;
        signature[..BandBins].CopyTo(_bins.AsSpan(ordinal * BandBins));
        _contentHashes[ordinal] = contentHash;
        _shingleCounts[ordinal] = shingleCount;
        _dates[ordinal] = dates;
        _clusters[ordinal] = cluster;
        int start = AnchorStart(ordinal);
        _anchorEnds[ordinal] = start;
        if (!searchable) return ordinal;

        _banded[ordinal >> 6] |= 1UL << ordinal;
        if (_usedSlots + Fingerprints.Bands + anchors.Length > (long)(_slots.Length * MaxLoad))
            Rehash(SlotsFor((_usedSlots + Fingerprints.Bands + anchors.Length) * 3 / 2));
        for (int band = 0; band < Fingerprints.Bands; band++) Insert(_slots, ordinal, BandKey(signature, band));
        _usedSlots += Fingerprints.Bands;
        int end = start;
        foreach (var anchor in anchors)
        {
            if (Listed(anchor) >= AnchorCandidates.MaxPerAnchor) continue;
            if (end == _anchors.Length) Array.Resize(ref _anchors, _anchors.Length + _anchors.Length / 2 + ExpectedAnchors);
            _anchors[end++] = anchor;
            _anchorEnds[ordinal] = end; // before inserting, so Listed reads it for a repeated anchor
            Insert(_slots, ordinal, AnchorKey(anchor));
            _usedSlots++;
        }
        return ordinal;
    }

    /// <summary>
    /// Adds to <paramref name="into"/> the distinct searchable articles that share a band with <paramref name="signature"/>,
    /// at most <paramref name="limit"/>, then those chosen by their anchors alone (<see cref="AnchorCandidates.Choose"/>).
    /// </summary>
    public void Candidates(ReadOnlySpan<ushort> signature, ReadOnlySpan<uint> anchors, List<int> into, int limit = 200)
    {
        CheckSignature(signature);
        int start = into.Count;
        // Read every band's home slot first: the reads do not depend on each other, so the processor overlaps their
        // cache misses (a large index misses on each), instead of waiting for them one band at a time.
        Span<ulong> keys = stackalloc ulong[Fingerprints.Bands];
        Span<uint> homes = stackalloc uint[Fingerprints.Bands];
        Span<uint> firsts = stackalloc uint[Fingerprints.Bands];
        for (int band = 0; band < Fingerprints.Bands; band++)
        {
            keys[band] = BandKey(signature, band);
            homes[band] = Home(keys[band], _slots.Length);
            firsts[band] = _slots[homes[band]];
        }
        for (int band = 0; band < Fingerprints.Bands; band++)
        {
            if (firsts[band] == 0) continue;
            uint value = Fingerprints.BandValue(signature, band);
            uint tag = (uint)(byte)keys[band];
            for (uint i = homes[band]; ; i = i + 1 == _slots.Length ? 0 : i + 1)
            {
                uint slot = _slots[i];
                if (slot == 0) break;
                if ((slot & 0xFF) != tag) continue;
                int ordinal = (int)(slot >> 8) - 1;
                if (Fingerprints.BandValue(Bins(ordinal), band) != value || Contains(into, start, ordinal)) continue;
                into.Add(ordinal);
                if (into.Count - start >= limit) return;
            }
        }
        if (anchors.IsEmpty) return;

        List<(int Ordinal, int Count)>? shared = null; // most queries share no anchor: no list for them
        foreach (var anchor in anchors)
        {
            ulong key = AnchorKey(anchor);
            uint tag = (uint)(byte)key;
            for (uint i = Home(key, _slots.Length); ; i = i + 1 == _slots.Length ? 0 : i + 1)
            {
                uint slot = _slots[i];
                if (slot == 0) break;
                if ((slot & 0xFF) != tag) continue;
                int ordinal = (int)(slot >> 8) - 1;
                if (!Anchors(ordinal).Contains(anchor)) continue;
                shared ??= [];
                int at = shared.FindIndex(s => s.Ordinal == ordinal);
                if (at < 0) shared.Add((ordinal, 1));
                else shared[at] = (ordinal, shared[at].Count + 1);
            }
        }
        if (shared is null) return;
        shared.RemoveAll(s => Contains(into, start, s.Ordinal));
        if (shared.Count == 0) return;
        var chosen = AnchorCandidates.Choose(shared.Select(s => (s.Ordinal, s.Count, Anchors(s.Ordinal).Length)), anchors.Length, Comparer<int>.Default);
        foreach (var ordinal in chosen.Take(limit - (into.Count - start))) into.Add(ordinal);
    }

    /// <summary>
    /// Removes the articles added last, down to <paramref name="count"/> articles, leaving the index as it was when it had
    /// that many (the table keeps its size). Undoing linear-probing insertions newest first is exact. Benchmarks use it
    /// to time the same insertions again at one index size.
    /// </summary>
    public void Truncate(int count)
    {
        if ((uint)count > (uint)_count) throw new ArgumentOutOfRangeException(nameof(count), count, $"The index has {_count} articles.");
        for (int ordinal = _count - 1; ordinal >= count; ordinal--)
        {
            if ((_banded[ordinal >> 6] & (1UL << ordinal)) == 0) continue;
            var anchors = Anchors(ordinal);
            for (int a = anchors.Length - 1; a >= 0; a--) Remove(ordinal, AnchorKey(anchors[a]));
            var bins = Bins(ordinal);
            for (int band = Fingerprints.Bands - 1; band >= 0; band--) Remove(ordinal, BandKey(bins, band));
            _usedSlots -= Fingerprints.Bands + anchors.Length;
            _banded[ordinal >> 6] &= ~(1UL << ordinal);
        }
        _count = count;
    }

    private void Remove(int ordinal, ulong key)
    {
        uint entry = (uint)(ordinal + 1) << 8 | (byte)key;
        uint i = Home(key, _slots.Length);
        while (_slots[i] != entry) i = i + 1 == _slots.Length ? 0 : i + 1;
        _slots[i] = 0;
    }

    /// <summary>How many articles list <paramref name="anchor"/>, counted up to <see cref="AnchorCandidates.MaxPerAnchor"/>.</summary>
    private int Listed(uint anchor)
    {
        ulong key = AnchorKey(anchor);
        uint tag = (uint)(byte)key;
        int listed = 0;
        for (uint i = Home(key, _slots.Length); listed < AnchorCandidates.MaxPerAnchor; i = i + 1 == _slots.Length ? 0 : i + 1)
        {
            uint slot = _slots[i];
            if (slot == 0) break;
            if ((slot & 0xFF) == tag && Anchors((int)(slot >> 8) - 1).Contains(anchor)) listed++;
        }
        return listed;
    }

    private int AnchorStart(int ordinal) => ordinal == 0 ? 0 : _anchorEnds[ordinal - 1];

    private static bool Contains(List<int> list, int start, int ordinal)
    {
        for (int i = start; i < list.Count; i++) if (list[i] == ordinal) return true;
        return false;
    }

    private static void CheckSignature(ReadOnlySpan<ushort> signature)
    {
        if (signature.Length < BandBins)
            throw new ArgumentException($"A signature has {Fingerprints.SignatureLength} values, not {signature.Length}.", nameof(signature));
    }

    private int Check(int ordinal) => (uint)ordinal < (uint)_count ? ordinal : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The index has {_count} articles.");

    /// <summary>The band's key: its values and its number, mixed; the high 32 bits pick the home slot, the low 8 are the tag.</summary>
    private static ulong BandKey(ReadOnlySpan<ushort> signature, int band) => Mix((ulong)(uint)band << 32 | Fingerprints.BandValue(signature, band));

    /// <summary>An anchor's key, apart from every band's (whose numbers are below 2^8).</summary>
    private static ulong AnchorKey(uint anchor) => Mix(1UL << 40 | anchor);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCD;
        z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53;
        return z ^ (z >> 33);
    }

    /// <summary>Lemire's multiply-shift range reduction: no power-of-two table size needed, so growth can be by half.</summary>
    private static uint Home(ulong key, int length) => (uint)(((key >> 32) * (ulong)length) >> 32);

    private static void Insert(uint[] slots, int ordinal, ulong key)
    {
        uint i = Home(key, slots.Length);
        while (slots[i] != 0) i = i + 1 == slots.Length ? 0 : i + 1;
        slots[i] = (uint)(ordinal + 1) << 8 | (byte)key;
    }

    private static int SlotsFor(long entries) => (int)Math.Min(Array.MaxLength, Math.Max(64, (long)(entries / MaxLoad) + 1));

    /// <summary>A table of <paramref name="length"/> slots with every searchable article's entries, in insertion order (so <see cref="Truncate"/> stays exact).</summary>
    private void Rehash(int length)
    {
        var slots = new uint[length];
        for (int ordinal = 0; ordinal < _count - 1; ordinal++)
        {
            if ((_banded[ordinal >> 6] & (1UL << ordinal)) == 0) continue;
            var bins = Bins(ordinal);
            for (int band = 0; band < Fingerprints.Bands; band++) Insert(slots, ordinal, BandKey(bins, band));
            foreach (var anchor in Anchors(ordinal)) Insert(slots, ordinal, AnchorKey(anchor));
        }
        _slots = slots;
    }

    private void GrowArticles()
    {
        int capacity = (int)Math.Min(MaxArticles, _contentHashes.Length + (long)_contentHashes.Length / 2);
        Array.Resize(ref _bins, capacity * BandBins);
        Array.Resize(ref _contentHashes, capacity);
        Array.Resize(ref _shingleCounts, capacity);
        Array.Resize(ref _dates, capacity);
        Array.Resize(ref _clusters, capacity);
        Array.Resize(ref _anchorEnds, capacity);
        Array.Resize(ref _banded, (capacity + 63) / 64);
    }
}
