using System.Text.Json;
using NewsMonitor.Dedup;

namespace NewsMonitor.Evaluation;

/// <summary>A hand-labelled pair of corpus articles: <c>duplicate</c>, <c>same_story</c> or <c>different</c>.</summary>
public sealed record LabelledPair(string A, string B, string Label, string Confidence, string Source, string Note);

/// <summary>One pair the deduplicator got wrong.</summary>
public sealed record DedupConfusion(LabelledPair Pair, string Predicted);

/// <summary>
/// Scores of the deduplicator against labelled pairs. The duplicate class: pairs labelled <c>duplicate</c> against
/// pairs predicted duplicate (joined through duplicate relations only). Same-event clustering: pairs labelled
/// <c>duplicate</c> or <c>same_story</c> against pairs predicted in one cluster.
/// </summary>
public sealed record DedupScore(
    int Pairs, int Missing,
    double DuplicatePrecision, double DuplicateRecall,
    double SameEventPrecision, double SameEventRecall,
    IReadOnlyDictionary<(string Label, string Predicted), int> Confusion,
    IReadOnlyList<DedupConfusion> Errors);

/// <summary>The dedup evaluation: run the deduplicator over a corpus in order, then score the labelled pairs.</summary>
public static class DedupEvaluation
{
    public const string Different = "different";

    public static IReadOnlyList<LabelledPair> LoadPairs(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Labelled pairs not found: {path}", path);
        var pairs = new List<LabelledPair>();
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            string Get(string name) => r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var label = Get("label");
            if (label is not (DedupRelations.Duplicate or DedupRelations.SameStory or Different))
                throw new FormatException($"{path}:{number}: label '{label}' is not duplicate, same_story or different");
            pairs.Add(new LabelledPair(Get("a"), Get("b"), label, Get("confidence"), Get("source"), Get("note")));
        }
        return pairs;
    }

    /// <summary>Scores the deduplicator's outputs (one per corpus article) against the pairs; pairs with an article not in the outputs are counted as missing.</summary>
    public static DedupScore Score(IReadOnlyList<DedupOutput> outputs, IReadOnlyList<LabelledPair> pairs)
    {
        var byId = outputs.ToDictionary(o => o.Id, StringComparer.Ordinal);
        var duplicateGroups = new UnionFind();
        foreach (var o in outputs)
            if (o.Relation == DedupRelations.Duplicate && o.DuplicateOf is { } of) duplicateGroups.Union(o.Id, of);

        var confusion = new Dictionary<(string, string), int>();
        var errors = new List<DedupConfusion>();
        int missing = 0;
        int dupTp = 0, dupFp = 0, dupFn = 0, evTp = 0, evFp = 0, evFn = 0;
        foreach (var p in pairs)
        {
            if (!byId.TryGetValue(p.A, out var a) || !byId.TryGetValue(p.B, out var b)) { missing++; continue; }
            string predicted = a.Cluster != b.Cluster ? Different
                : duplicateGroups.Find(p.A) == duplicateGroups.Find(p.B) ? DedupRelations.Duplicate : DedupRelations.SameStory;
            confusion[(p.Label, predicted)] = confusion.GetValueOrDefault((p.Label, predicted)) + 1;
            if (predicted != p.Label) errors.Add(new DedupConfusion(p, predicted));
            bool isDup = p.Label == DedupRelations.Duplicate, saysDup = predicted == DedupRelations.Duplicate;
            if (isDup && saysDup) dupTp++; else if (saysDup) dupFp++; else if (isDup) dupFn++;
            bool isEvent = p.Label != Different, saysEvent = predicted != Different;
            if (isEvent && saysEvent) evTp++; else if (saysEvent) evFp++; else if (isEvent) evFn++;
        }
        return new DedupScore(pairs.Count - missing, missing, Ratio(dupTp, dupTp + dupFp), Ratio(dupTp, dupTp + dupFn),
            Ratio(evTp, evTp + evFp), Ratio(evTp, evTp + evFn), confusion, errors);
    }

    private static double Ratio(int part, int whole) => whole == 0 ? 1 : (double)part / whole;

    private sealed class UnionFind
    {
        private readonly Dictionary<string, string> _parent = new(StringComparer.Ordinal);

        public string Find(string x)
        {
            while (_parent.TryGetValue(x, out var p) && p != x)
            {
                var grand = _parent.GetValueOrDefault(p, p);
                _parent[x] = grand;
                x = grand;
            }
            return x;
        }

        public void Union(string a, string b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra != rb) _parent[ra] = rb;
        }
    }
}
