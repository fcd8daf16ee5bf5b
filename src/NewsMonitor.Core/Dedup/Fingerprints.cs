using System.Buffers;
using NewsMonitor.Ports;
using NewsMonitor.Text;

namespace NewsMonitor.Dedup;

/// <summary>What dedup knows of a text: its exact hash, its MinHash signature, its size and the days it names.</summary>
/// <param name="ContentHash">XXH128 (32 lower-case hex digits) of the matching key in UTF-16: equal for texts that differ only in spacing, case, punctuation or tone placement.</param>
/// <param name="Signature"><see cref="Fingerprints.SignatureLength"/> MinHash values over the word 5-grams.</param>
/// <param name="ShingleCount">Distinct word 5-grams (a text of 1–4 words counts as one).</param>
/// <param name="WordCount">Words of the matching key.</param>
/// <param name="Dates">The days the text names (<see cref="DateMentions"/>).</param>
/// <param name="Shingles">The text's distinct word 5-grams as 32-bit hashes, sorted: what <see cref="Fingerprints.Similarity"/> compares exactly.</param>
public sealed record TextFingerprint(string ContentHash, ushort[] Signature, int ShingleCount, int WordCount, uint Dates = 0, uint[]? Shingles = null)
{
    /// <summary>The fingerprint of the article with this text, as the dedup index takes it.</summary>
    public ArticleFingerprint For(string articleId, string outlet, string url, string title, DateTimeOffset seenAt) =>
        new(articleId, outlet, url, title, ContentHash, Signature, ShingleCount, seenAt, Dates, Shingles);
}

/// <summary>
/// Content fingerprints for dedup, computed in one pass over the text: the exact hash of the matching key
/// (<see cref="VietnameseText.MatchKey"/>), a one-permutation MinHash over its word 5-grams, the sorted set of those
/// 5-grams' hashes (for exact comparison and anchors) and the days the text names. Thread-safe and allocation-light
/// (a few pooled buffers per call).
/// </summary>
/// <remarks>
/// One-permutation hashing (Li, Owen and Zhang 2012) hashes each shingle once and keeps the minimum per bin,
/// instead of one hash per shingle per signature position: about 60 times less work than classic MinHash at this
/// length. Empty bins (texts of fewer than about 200 shingles) borrow from the next non-empty bin with an offset
/// ("rotation" densification, Shrivastava and Li 2014), so any two signatures compare position by position. Each
/// value keeps 16 bits of the minimising shingle's hash: two different shingles agree by chance with p = 1/65,536.
/// </remarks>
public static class Fingerprints
{
    /// <summary>Word 5-grams: long enough that shared shingles mean shared sentences (seeds 000/001 share 55%).</summary>
    public const int ShingleSize = 5;

    /// <summary>
    /// 64 bins: the estimated Jaccard has a standard deviation of about 0.06 at 0.5, against a decision threshold
    /// (<see cref="DedupRule.JaccardThreshold"/>) far from both duplicates and unrelated texts. 128 bytes per article.
    /// </summary>
    public const int SignatureLength = 64;

    /// <summary>
    /// 16 LSH bands of 2 bins (the first 32 bins). A pair becomes a candidate with p = 1 − (1 − J²)¹⁶: 0.99 at J = 0.5,
    /// 0.94 at 0.4, 0.78 at 0.3, 0.002 at 0.01. Anchors (<see cref="Anchors"/>) find the pairs of lower Jaccard
    /// similarity that share a passage.
    /// </summary>
    public const int Bands = 16;

    public const int RowsPerBand = 2;

    private const int BinBits = 6; // 2^6 = SignatureLength bins

    /// <summary>Fingerprints a text (raw or cleaned; its words are those of <see cref="VietnameseText.MatchKey"/>, read in the same pass).</summary>
    public static TextFingerprint Compute(string? text)
    {
        var clean = text is null ? "" : VietnameseText.KeyNeedsCleaning(text) ? VietnameseText.Clean(text) : text;
        var key = ArrayPool<char>.Shared.Rent(VietnameseText.KeyCapacity(clean.Length));
        var hashes = ArrayPool<uint>.Shared.Rent(clean.Length + 1); // a shingle per word at most, a character per word at least
        try
        {
            Span<ulong> mins = stackalloc ulong[SignatureLength];
            mins.Fill(ulong.MaxValue);
            Span<ulong> window = stackalloc ulong[ShingleSize];
            int length = 0, words = 0, shingles = 0;
            ulong rolling = 0;
            for (int i = 0; i < clean.Length;)
            {
                if (!VietnameseText.IsKeyWordChar(clean[i])) { i++; continue; }
                if (words > 0) key[length++] = ' ';
                int n = VietnameseText.KeyWord(clean, ref i, key.AsSpan(length));
                ulong wordHash = HashWord(key.AsSpan(length, n));
                // Rolling polynomial over the last five word hashes: add the new word, drop the one five back.
                rolling = rolling * ShinglePrime + wordHash - (words >= ShingleSize ? window[words % ShingleSize] * DropFactor : 0);
                window[words % ShingleSize] = wordHash;
                length += n;
                words++;
                if (words >= ShingleSize) hashes[shingles++] = AddShingle(Mix(rolling), mins);
            }
            if (words is > 0 and < ShingleSize) hashes[shingles++] = AddShingle(HashWord(key.AsSpan(0, length)), mins);

            var distinct = SortedDistinct(hashes.AsSpan(0, shingles));
            return new TextFingerprint(HashKey(key.AsSpan(0, length)), Finish(mins), distinct.Length, words, DateMentions.Mask(clean), distinct);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(key);
            ArrayPool<uint>.Shared.Return(hashes);
        }
    }

    /// <summary>The first 64 bits of a content hash (its first 16 hex digits), as the compact index keeps it.</summary>
    public static ulong ContentHashPrefix(string contentHash) =>
        contentHash.Length >= 16 && ulong.TryParse(contentHash.AsSpan(0, 16), System.Globalization.NumberStyles.HexNumber, null, out var prefix)
            ? prefix
            : System.IO.Hashing.XxHash64.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(contentHash.AsSpan()));

    /// <summary>The content hash of a matching key (<see cref="VietnameseText.MatchKey"/>), as <see cref="TextFingerprint.ContentHash"/> has it.</summary>
    public static string ContentHash(string normalizedKey) => HashKey(normalizedKey);

    /// <summary>
    /// XXH128 of the key's UTF-16 code units: an exact-duplicate key needs no cryptographic strength (nobody gains by
    /// forging a collision that only merges two articles into one story), and it hashes the key where it lies.
    /// </summary>
    private static string HashKey(ReadOnlySpan<char> key) =>
        Convert.ToHexStringLower(System.IO.Hashing.XxHash128.Hash(System.Runtime.InteropServices.MemoryMarshal.AsBytes(key)));

    /// <summary>
    /// Puts a shingle into its bin (a repeated shingle changes nothing: the minimum is the same) and returns the 32 bits
    /// the shingle set keeps of it.
    /// </summary>
    private static uint AddShingle(ulong hash, Span<ulong> mins)
    {
        int bin = (int)(hash >> (64 - BinBits));
        ulong rank = hash & (ulong.MaxValue >> BinBits);
        if (rank < mins[bin]) mins[bin] = rank;
        return (uint)hash;
    }

    /// <summary>
    /// The distinct values, sorted: a least-significant-digit radix sort, four passes of a byte, that does not branch on
    /// the values (about four times faster than a comparison sort at an article's few hundred shingles), then one pass
    /// that drops repeats (a shingle repeated in the text, or two whose hashes share their low 32 bits).
    /// </summary>
    private static uint[] SortedDistinct(Span<uint> values)
    {
        if (values.IsEmpty) return [];
        var scratch = ArrayPool<uint>.Shared.Rent(values.Length);
        try
        {
            Span<int> counts = stackalloc int[4 * 256];
            counts.Clear();
            foreach (var v in values)
            {
                counts[(int)(v & 0xFF)]++;
                counts[256 + (int)((v >> 8) & 0xFF)]++;
                counts[512 + (int)((v >> 16) & 0xFF)]++;
                counts[768 + (int)(v >> 24)]++;
            }
            Span<uint> from = values, to = scratch.AsSpan(0, values.Length);
            for (int pass = 0; pass < 4; pass++)
            {
                var offsets = counts.Slice(pass * 256, 256);
                for (int b = 0, sum = 0; b < 256; b++) (offsets[b], sum) = (sum, sum + offsets[b]);
                int shift = pass * 8;
                foreach (var v in from) to[offsets[(int)((v >> shift) & 0xFF)]++] = v;
                var swap = from;
                from = to;
                to = swap;
            }
            // Four passes end where they began: in values.
            int distinct = 1;
            for (int i = 1; i < values.Length; i++) if (values[i] != values[distinct - 1]) values[distinct++] = values[i];
            return values[..distinct].ToArray();
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(scratch);
        }
    }

    /// <summary>The 16-bit value of each bin; an empty bin takes the next non-empty bin's minimum, offset by the distance.</summary>
    private static ushort[] Finish(ReadOnlySpan<ulong> mins)
    {
        var signature = new ushort[SignatureLength];
        for (int i = 0; i < SignatureLength; i++)
        {
            int distance = 0;
            while (distance < SignatureLength && mins[(i + distance) % SignatureLength] == ulong.MaxValue) distance++;
            if (distance == SignatureLength) return signature; // no shingle at all: all zeros, never indexed (see DedupRule.MinWords)
            signature[i] = (ushort)(Mix(mins[(i + distance) % SignatureLength] + (ulong)distance * 0x9E3779B97F4A7C15) >> 48);
        }
        return signature;
    }

    /// <summary>One shingle in this many is an anchor: about 10 per article of the vi-news corpus (mean 500 shingles).</summary>
    public const int AnchorRate = 48;

    /// <summary>
    /// The text's anchors: the shingle hashes that are multiples of <see cref="AnchorRate"/>, a sample that is the same
    /// in every text containing the shingle (consistent sampling). Two texts that share a passage of n shingles share
    /// about n / 48 anchors, whatever else either holds: a short report reprinted whole inside a round-up shares its
    /// anchors with it, although their Jaccard similarity is too low for any band.
    /// </summary>
    public static uint[] Anchors(ReadOnlySpan<uint> shingles)
    {
        int n = 0;
        foreach (var h in shingles) if (h % AnchorRate == 0) n++;
        var anchors = new uint[n];
        n = 0;
        foreach (var h in shingles) if (h % AnchorRate == 0) anchors[n++] = h;
        return anchors;
    }

    /// <summary>The band keys of a signature, for indexes keyed by strings: "band index (2 hex) + the band's 2 values (8 hex)".</summary>
    public static IEnumerable<string> BandKeys(ushort[] signature)
    {
        for (int b = 0; b < Bands; b++) yield return $"{b:x2}{BandValue(signature, b):x8}";
    }

    /// <summary>The 32 bits of band <paramref name="band"/>: its two bin values side by side.</summary>
    public static uint BandValue(ReadOnlySpan<ushort> signature, int band) =>
        (uint)signature[band * RowsPerBand] << 16 | signature[band * RowsPerBand + 1];

    /// <summary>Estimated Jaccard similarity: the share of equal positions.</summary>
    public static double EstimatedJaccard(ReadOnlySpan<ushort> a, ReadOnlySpan<ushort> b)
    {
        int same = 0;
        for (int i = 0; i < a.Length; i++) if (a[i] == b[i]) same++;
        return (double)same / a.Length;
    }

    /// <summary>Containment of the smaller shingle set in the larger, derived from Jaccard and the set sizes.</summary>
    public static double EstimatedContainment(double jaccard, int sizeA, int sizeB)
    {
        if (sizeA == 0 || sizeB == 0) return 0;
        double intersection = jaccard * (sizeA + sizeB) / (1 + jaccard);
        return Math.Min(1, intersection / Math.Min(sizeA, sizeB));
    }

    /// <summary>
    /// The exact Jaccard similarity and containment (of the smaller set in the larger) of two sorted shingle sets
    /// (<see cref="TextFingerprint.Shingles"/>), by one merge. The 32-bit hashes of two texts of a thousand shingles
    /// each collide by chance about once in four thousand pairs of texts.
    /// </summary>
    public static (double Jaccard, double Containment) Similarity(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        if (a.IsEmpty || b.IsEmpty) return (0, 0);
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j]) i++;
            else if (a[i] > b[j]) j++;
            else { shared++; i++; j++; }
        }
        return ((double)shared / (a.Length + b.Length - shared), (double)shared / Math.Min(a.Length, b.Length));
    }

    /// <summary>Sorted shingle hashes as bytes (little-endian), as the persistent indexes store them.</summary>
    public static byte[] ShinglesToBytes(uint[] shingles)
    {
        var bytes = new byte[shingles.Length * sizeof(uint)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(shingles.AsSpan()).CopyTo(bytes);
        if (!BitConverter.IsLittleEndian) for (int i = 0; i < shingles.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), shingles[i]);
        return bytes;
    }

    /// <summary>The shingle hashes stored by <see cref="ShinglesToBytes"/>; null for none stored, <see cref="FormatException"/> when they are not sorted hashes.</summary>
    public static uint[]? ShinglesFromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return null;
        if (bytes.Length % sizeof(uint) != 0) throw new FormatException($"Stored shingles have {bytes.Length} bytes, not a multiple of 4.");
        var shingles = new uint[bytes.Length / sizeof(uint)];
        for (int i = 0; i < shingles.Length; i++)
        {
            shingles[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]);
            if (i > 0 && shingles[i] <= shingles[i - 1]) throw new FormatException("Stored shingles are not sorted.");
        }
        return shingles;
    }

    /// <summary>The signature as bytes (little-endian), as the persistent indexes store it.</summary>
    public static byte[] ToBytes(ushort[] signature)
    {
        var bytes = new byte[signature.Length * 2];
        for (int i = 0; i < signature.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), signature[i]);
        return bytes;
    }

    /// <summary>The signature stored by <see cref="ToBytes"/>; <see cref="FormatException"/> when the length is not a signature's.</summary>
    public static ushort[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != SignatureLength * 2)
            throw new FormatException($"A stored signature has {bytes.Length} bytes; {SignatureLength * 2} expected (an index written by an older version must be rebuilt).");
        var signature = new ushort[SignatureLength];
        for (int i = 0; i < signature.Length; i++) signature[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]);
        return signature;
    }

    /// <summary>FNV-1a over UTF-16 code units, finalised by <see cref="Mix"/>: stable across processes (unlike string.GetHashCode).</summary>
    internal static ulong HashWord(ReadOnlySpan<char> word)
    {
        ulong h = 14695981039346656037UL;
        foreach (var c in word) h = (h ^ c) * 1099511628211UL;
        return Mix(h);
    }

    /// <summary>The shingle hash is Σ wordHashᵢ · P^(4−i) over the five words, mod 2⁶⁴, so it rolls in O(1) per word.</summary>
    private const ulong ShinglePrime = 0x100000001B3UL * 2 + 1;

    /// <summary>P⁵: the factor of the word leaving the window once the new one has been multiplied in.</summary>
    private const ulong DropFactor = unchecked(ShinglePrime * ShinglePrime * ShinglePrime * ShinglePrime * ShinglePrime);

    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCD;
        z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53;
        return z ^ (z >> 33);
    }
}
