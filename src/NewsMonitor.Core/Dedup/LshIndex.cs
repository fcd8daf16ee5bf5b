using System.Numerics;

namespace NewsMonitor.Dedup;

/// <summary>
/// A compact in-memory near-duplicate index over article ordinals (0, 1, 2… in insertion order): per article its
/// signature, content hash, shingle count, named days and cluster, in flat arrays, and one open-addressing table of LSH band
/// entries. About 270 bytes per article at a million (see <see cref="BytesPerArticle"/>); the caller keeps ids and
/// anything else by ordinal. Not thread-safe: callers serialise (see <see cref="InMemoryDedupIndex"/>).
/// </summary>
/// <remarks>
/// A band table slot is 32 bits: the ordinal + 1 in the high 24 and an 8-bit tag of the band key in the low 8, so a
/// probe rejects 255 of 256 foreign entries without reading their signatures. The key itself is not stored: it is the
/// band's two values in the signature, read back for the few slots whose tag agrees, and to rehash when the table grows.
/// Lookup cost depends on the load factor (kept between 0.5 and 0.75), not on the number of articles.
/// </remarks>
public sealed class LshIndex
{
    /// <summary>The most articles one index holds: ordinals take 24 bits of a band slot.</summary>
    public const int MaxArticles = (1 << 24) - 2;

    private const double MaxLoad = 0.75;

    private ushort[] _signatures;
    private ulong[] _contentHashes;
    private int[] _shingleCounts;
    private uint[] _dates;
    private int[] _clusters;
    private ulong[] _banded;
    private uint[] _slots;
    private int _count;
    private long _usedSlots;

    /// <param name="capacity">Articles to make room for up front (the arrays grow by half when full).</param>
    public LshIndex(int capacity = 1024)
    {
        capacity = Math.Clamp(capacity, 16, MaxArticles);
        _signatures = new ushort[capacity * Fingerprints.SignatureLength];
        _contentHashes = new ulong[capacity];
        _shingleCounts = new int[capacity];
        _dates = new uint[capacity];
        _clusters = new int[capacity];
        _banded = new ulong[(capacity + 63) / 64];
        _slots = new uint[SlotsFor((long)capacity * Fingerprints.Bands)];
    }

    public int Count => _count;

    /// <summary>Bytes held by the index's arrays, including room not used yet.</summary>
    public long Bytes => (long)_signatures.Length * sizeof(ushort) + (long)_contentHashes.Length * sizeof(ulong) + (long)_shingleCounts.Length * sizeof(int) + (long)_dates.Length * sizeof(uint)
        + (long)_clusters.Length * sizeof(int) + (long)_banded.Length * sizeof(ulong) + (long)_slots.Length * sizeof(uint);

    public double BytesPerArticle => _count == 0 ? 0 : (double)Bytes / _count;

    public ReadOnlySpan<ushort> Signature(int ordinal) => _signatures.AsSpan(Check(ordinal) * Fingerprints.SignatureLength, Fingerprints.SignatureLength);

    public ulong ContentHash(int ordinal) => _contentHashes[Check(ordinal)];

    public int ShingleCount(int ordinal) => _shingleCounts[Check(ordinal)];

    /// <summary>The days the article's text names (<see cref="DateMentions"/>).</summary>
    public uint Dates(int ordinal) => _dates[Check(ordinal)];

    /// <summary>The ordinal of the first article of the article's cluster.</summary>
    public int Cluster(int ordinal) => _clusters[Check(ordinal)];

    /// <summary>
    /// Adds an article and returns its ordinal. With <paramref name="searchable"/> false (texts too short to compare,
    /// exact copies of an article already searchable) it is stored but never returned as a candidate.
    /// </summary>
    /// <param name="cluster">The ordinal of the cluster's first article; <see cref="Count"/> (this article's own ordinal) starts a cluster.</param>
    public int Add(ReadOnlySpan<ushort> signature, ulong contentHash, int shingleCount, uint dates, int cluster, bool searchable)
    {
        if (signature.Length != Fingerprints.SignatureLength)
            throw new ArgumentException($"A signature has {Fingerprints.SignatureLength} values, not {signature.Length}.", nameof(signature));
        if (_count == MaxArticles) throw new InvalidOperationException($"The index is full ({MaxArticles:N0} articles).");
        if ((uint)cluster > (uint)_count) throw new ArgumentOutOfRangeException(nameof(cluster), cluster, "The cluster is the ordinal of an article already in the index, or the new one's.");
        if (_count == _contentHashes.Length) GrowArticles();
        int ordinal = _count++;
        signature.CopyTo(_signatures.AsSpan(ordinal * Fingerprints.SignatureLength));
        _contentHashes[ordinal] = contentHash;
        _shingleCounts[ordinal] = shingleCount;
        _dates[ordinal] = dates;
        _clusters[ordinal] = cluster;
        if (!searchable) return ordinal;
        _banded[ordinal >> 6] |= 1UL << ordinal;
        if (_usedSlots + Fingerprints.Bands > (long)(_slots.Length * MaxLoad)) Rehash(SlotsFor((long)_count * 3 / 2 * Fingerprints.Bands));
        for (int band = 0; band < Fingerprints.Bands; band++) Insert(_slots, ordinal, Key(signature, band));
        _usedSlots += Fingerprints.Bands;
        return ordinal;
    }

    /// <summary>Adds to <paramref name="into"/> the distinct searchable articles that share a band with <paramref name="signature"/>, at most <paramref name="limit"/>.</summary>
    public void Candidates(ReadOnlySpan<ushort> signature, List<int> into, int limit = 200)
    {
        if (signature.Length != Fingerprints.SignatureLength)
            throw new ArgumentException($"A signature has {Fingerprints.SignatureLength} values, not {signature.Length}.", nameof(signature));
        int start = into.Count;
        // Read every band's home slot first: the reads do not depend on each other, so the processor overlaps their
        // cache misses (a large index misses on each), instead of waiting for them one band at a time.
        Span<ulong> keys = stackalloc ulong[Fingerprints.Bands];
        Span<uint> homes = stackalloc uint[Fingerprints.Bands];
        Span<uint> firsts = stackalloc uint[Fingerprints.Bands];
        for (int band = 0; band < Fingerprints.Bands; band++)
        {
            keys[band] = Key(signature, band);
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
                if (Fingerprints.BandValue(Signature(ordinal), band) != value || Contains(into, start, ordinal)) continue;
                into.Add(ordinal);
                if (into.Count - start >= limit) return;
            }
        }
    }

    /// <summary>
    /// Removes the articles added last, down to <paramref name="count"/> articles, leaving the index as it was when it had
    /// that many (the band table keeps its size). Undoing linear-probing insertions newest first is exact. Benchmarks use
    /// it to time the same insertions again at one index size.
    /// </summary>
    public void Truncate(int count)
    {
        if ((uint)count > (uint)_count) throw new ArgumentOutOfRangeException(nameof(count), count, $"The index has {_count} articles.");
        for (int ordinal = _count - 1; ordinal >= count; ordinal--)
        {
            if ((_banded[ordinal >> 6] & (1UL << ordinal)) != 0)
            {
                var signature = Signature(ordinal);
                for (int band = Fingerprints.Bands - 1; band >= 0; band--)
                {
                    ulong key = Key(signature, band);
                    uint entry = (uint)(ordinal + 1) << 8 | (byte)key;
                    uint i = Home(key, _slots.Length);
                    while (_slots[i] != entry) i = i + 1 == _slots.Length ? 0 : i + 1;
                    _slots[i] = 0;
                }
                _usedSlots -= Fingerprints.Bands;
                _banded[ordinal >> 6] &= ~(1UL << ordinal);
            }
        }
        _count = count;
    }

    private static bool Contains(List<int> list, int start, int ordinal)
    {
        for (int i = start; i < list.Count; i++) if (list[i] == ordinal) return true;
        return false;
    }

    private int Check(int ordinal) => (uint)ordinal < (uint)_count ? ordinal : throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The index has {_count} articles.");

    /// <summary>The band's key: its values and its number, mixed; the high 32 bits pick the home slot, the low 8 are the tag.</summary>
    private static ulong Key(ReadOnlySpan<ushort> signature, int band)
    {
        ulong z = (ulong)(uint)band << 32 | Fingerprints.BandValue(signature, band);
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

    private void Rehash(int length)
    {
        var slots = new uint[length];
        for (int ordinal = 0; ordinal < _count - 1; ordinal++)
        {
            if ((_banded[ordinal >> 6] & (1UL << ordinal)) == 0) continue;
            var signature = Signature(ordinal);
            for (int band = 0; band < Fingerprints.Bands; band++) Insert(slots, ordinal, Key(signature, band));
        }
        _slots = slots;
    }

    private void GrowArticles()
    {
        int capacity = (int)Math.Min(MaxArticles, _contentHashes.Length + (long)_contentHashes.Length / 2);
        Array.Resize(ref _signatures, capacity * Fingerprints.SignatureLength);
        Array.Resize(ref _contentHashes, capacity);
        Array.Resize(ref _shingleCounts, capacity);
        Array.Resize(ref _dates, capacity);
        Array.Resize(ref _clusters, capacity);
        Array.Resize(ref _banded, (capacity + 63) / 64);
    }
}
