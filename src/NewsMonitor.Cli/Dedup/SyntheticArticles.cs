using System.Text;

namespace NewsMonitor.Cli.Dedup;

/// <summary>
/// Synthetic articles for scale benchmarks, made from a corpus: article <c>i</c> is corpus article <c>i mod n</c> with
/// each word replaced, with probability <see cref="ReplaceRate"/>, by a word drawn from the corpus's vocabulary
/// (deterministic per <c>i</c>). Two articles made from one corpus article share about 3% of their word 5-grams, as
/// loosely related news does; corpus duplicates stay duplicates of each other's variants only by chance.
/// </summary>
internal sealed class SyntheticArticles
{
    public const double ReplaceRate = 0.4;

    private readonly string[][] _words;
    private readonly string[] _vocabulary;

    public SyntheticArticles(IReadOnlyList<string> bodies)
    {
        _words = bodies.Select(b => b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length > 0).ToArray();
        _vocabulary = _words.SelectMany(w => w).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    public static string Id(int i) => "synthetic-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Text(int i)
    {
        var random = new Random(i);
        var words = _words[i % _words.Length];
        var sb = new StringBuilder(words.Sum(w => w.Length + 1));
        foreach (var w in words)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(random.NextDouble() < ReplaceRate ? _vocabulary[random.Next(_vocabulary.Length)] : w);
        }
        return sb.ToString();
    }
}
