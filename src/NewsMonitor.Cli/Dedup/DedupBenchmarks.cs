using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using NewsMonitor.Dedup;
using NewsMonitor.Text;

namespace NewsMonitor.Cli.Dedup;

/// <summary>
/// Signature computation over a sample of the vi-news corpus, against two baselines in the same run: the matching key
/// and its SHA-256 alone (the floor: no shingles at all), and textbook MinHash (one hash function per signature
/// position, as NewsMonitor did before, with 64 positions). The story vector (<see cref="StoryVectors"/>) is timed
/// beside it: the pipeline computes both for every article.
/// </summary>
[MemoryDiagnoser]
public class SignatureBenchmarks
{
    /// <summary>Texts per invocation; <see cref="Texts"/> is filled (round-robin from the sample) before the run.</summary>
    public const int Batch = 1000;

    internal static string[] Texts { get; set; } = [];

    private static readonly ulong[] Seeds = Enumerable.Range(1, Fingerprints.SignatureLength).Select(i => (ulong)i * 0x9E3779B97F4A7C15).ToArray();

    [Benchmark(Baseline = true, OperationsPerInvoke = Batch, Description = "baseline: matching key + SHA-256")]
    public int KeyAndHash()
    {
        int sum = 0;
        foreach (var text in Texts)
            sum += SHA256.HashData(Encoding.UTF8.GetBytes(VietnameseText.MatchKey(text)))[0];
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "newsmonitor: Fingerprints.Compute (one-permutation MinHash)")]
    public int Fingerprint()
    {
        int sum = 0;
        foreach (var text in Texts) sum += Fingerprints.Compute(text).ShingleCount;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "newsmonitor: StoryVectors.Compute (story vector)")]
    public int StoryVector()
    {
        int sum = 0;
        foreach (var text in Texts) sum += StoryVectors.Compute(null, text)?.Terms.Length ?? 0;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "baseline: key + textbook MinHash (64 hash functions)")]
    public int TextbookMinHash()
    {
        int sum = 0;
        var min = new ulong[Fingerprints.SignatureLength];
        foreach (var text in Texts)
        {
            var words = VietnameseText.MatchKey(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var shingles = new HashSet<ulong>();
            for (int i = 0; i + Fingerprints.ShingleSize <= words.Length; i++)
                shingles.Add((ulong)string.GetHashCode(string.Join(' ', words, i, Fingerprints.ShingleSize), StringComparison.Ordinal));
            Array.Fill(min, ulong.MaxValue);
            foreach (var s in shingles)
                for (int k = 0; k < min.Length; k++)
                {
                    ulong v = (s ^ Seeds[k]) * 0xFF51AFD7ED558CCD;
                    v ^= v >> 33;
                    if (v < min[k]) min[k] = v;
                }
            sum += (int)min[0];
        }
        return sum;
    }
}
