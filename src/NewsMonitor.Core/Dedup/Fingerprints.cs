using System.Security.Cryptography;
using System.Text;
using NewsMonitor.Ports;
using NewsMonitor.Text;

namespace NewsMonitor.Dedup;

/// <summary>
/// Content fingerprints for dedup: an exact hash of the normalised text and a MinHash signature over
/// word shingles. Thread-safe.
/// </summary>
public static class Fingerprints
{
    /// <summary>Word 5-grams: long enough that shared shingles mean shared sentences (seeds 000/001 share 55%).</summary>
    public const int ShingleSize = 5;

    /// <summary>126 hashes in 42 bands of 3 rows: a pair at Jaccard 0.5 becomes a candidate with p ≈ 0.996, at 0.2 with p ≈ 0.29.</summary>
    public const int SignatureLength = 126;

    public const int Bands = 42;

    public const int RowsPerBand = SignatureLength / Bands;

    private static readonly ulong[] Seeds = BuildSeeds();

    private static ulong[] BuildSeeds()
    {
        var seeds = new ulong[SignatureLength];
        ulong x = 0x9E3779B97F4A7C15;
        for (int i = 0; i < seeds.Length; i++)
        {
            // splitmix64: fixed, documented seeds so signatures are stable across processes and hosts.
            x += 0x9E3779B97F4A7C15;
            ulong z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            seeds[i] = z ^ (z >> 31);
        }
        return seeds;
    }

    /// <summary>SHA-256 (hex) of the text's matching key: equal for texts that differ only in spacing, case, punctuation or tone placement.</summary>
    public static string ContentHash(string normalizedKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedKey)));

    /// <summary>Distinct hashes of the word shingles of a matching key.</summary>
    public static HashSet<ulong> Shingles(string normalizedKey)
    {
        var words = normalizedKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var set = new HashSet<ulong>();
        if (words.Length == 0) return set;
        if (words.Length < ShingleSize)
        {
            set.Add(Hash(normalizedKey));
            return set;
        }
        var wordHashes = new ulong[words.Length];
        for (int i = 0; i < words.Length; i++) wordHashes[i] = Hash(words[i]);
        for (int i = 0; i + ShingleSize <= words.Length; i++)
        {
            ulong h = 1469598103934665603UL;
            for (int k = 0; k < ShingleSize; k++) h = (h ^ wordHashes[i + k]) * 1099511628211UL + (ulong)k;
            set.Add(Mix(h));
        }
        return set;
    }

    public static ulong[] MinHash(IReadOnlyCollection<ulong> shingles)
    {
        var sig = new ulong[SignatureLength];
        Array.Fill(sig, ulong.MaxValue);
        foreach (var s in shingles)
            for (int i = 0; i < SignatureLength; i++)
            {
                var v = Mix(s ^ Seeds[i]);
                if (v < sig[i]) sig[i] = v;
            }
        return sig;
    }

    /// <summary>The LSH band keys of a signature: "band:hash" strings, one per band.</summary>
    public static IEnumerable<string> BandKeys(ulong[] signature)
    {
        for (int b = 0; b < Bands; b++)
        {
            ulong h = (ulong)b * 0x9E3779B97F4A7C15;
            for (int r = 0; r < RowsPerBand; r++) h = Mix(h ^ signature[b * RowsPerBand + r]);
            yield return $"{b:x2}{h:x16}";
        }
    }

    /// <summary>Estimated Jaccard similarity: the share of equal MinHash positions.</summary>
    public static double EstimatedJaccard(ulong[] a, ulong[] b)
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

    /// <summary>FNV-1a over UTF-16 code units, finalised by <see cref="Mix"/>: stable across processes (unlike string.GetHashCode).</summary>
    private static ulong Hash(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (var c in s) h = (h ^ c) * 1099511628211UL;
        return Mix(h);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 33)) * 0xFF51AFD7ED558CCD;
        z = (z ^ (z >> 33)) * 0xC4CEB9FE1A85EC53;
        return z ^ (z >> 33);
    }
}

/// <summary>
/// The dedup rule: same content hash is a duplicate; otherwise the best LSH candidate is a near-duplicate
/// when its estimated Jaccard or containment passes a threshold.
/// </summary>
public sealed class DedupRule
{
    /// <summary>Seeds 000/001 (one story from two outlets) share 55% of 5-grams; unrelated reports share under 5%.</summary>
    public double JaccardThreshold { get; init; } = 0.40;

    /// <summary>A trimmed republication is mostly contained in the original (seeds 000/001: 76%).</summary>
    public double ContainmentThreshold { get; init; } = 0.60;

    /// <summary>Containment alone is only trusted when the smaller text has this many shingles (short texts share boilerplate).</summary>
    public int MinShinglesForContainment { get; init; } = 40;

    public DedupDecision Decide(ArticleFingerprint article, IReadOnlyList<DedupCandidate> candidates)
    {
        var exact = candidates.Where(c => c.ContentHash == article.ContentHash && c.ArticleId != article.ArticleId).FirstOrDefault();
        if (exact is not null) return new DedupDecision(exact, "duplicate", 1.0);
        DedupCandidate? best = null;
        double bestScore = 0, bestJ = 0, bestC = 0;
        foreach (var c in candidates)
        {
            if (c.ArticleId == article.ArticleId) continue;
            double j = Fingerprints.EstimatedJaccard(article.Signature, c.Signature);
            double containment = Fingerprints.EstimatedContainment(j, article.ShingleCount, c.ShingleCount);
            double score = Math.Max(j, containment * 0.9);
            if (score > bestScore) { best = c; bestScore = score; bestJ = j; bestC = containment; }
        }
        if (best is null) return new DedupDecision(null, null, null);
        if (bestJ >= JaccardThreshold) return new DedupDecision(best, "near_duplicate", Math.Round(bestJ, 3));
        if (bestC >= ContainmentThreshold && Math.Min(article.ShingleCount, best.ShingleCount) >= MinShinglesForContainment)
            return new DedupDecision(best, "near_duplicate", Math.Round(bestC, 3));
        return new DedupDecision(null, null, null);
    }
}
