using System.Text.Json;
using NewsMonitor.Analysis;

namespace NewsMonitor.Evaluation;

/// <summary>An amount as labelled: its value and ISO 4217 currency.</summary>
public sealed record LabelledAmount(decimal Value, string Currency, string Text);

/// <summary>One hand-labelled article of the classification dev set (see <c>tests/eval/classification/README.md</c>).</summary>
public sealed record LabelledArticle(
    string Id,
    bool Relevant,
    IReadOnlyList<string> Partners,
    IReadOnlyList<string> Mentioned,
    IReadOnlyList<string> Sectors,
    IReadOnlyList<string> Events,
    IReadOnlyList<LabelledAmount> Amounts,
    string Confidence,
    string Set,
    string Note);

/// <summary>Precision, recall and F1 of one label kind, micro-averaged over the articles.</summary>
public sealed record PrecisionRecall(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>Where the analyser and the labels disagree on one article, per label kind: what it added and what it missed.</summary>
public sealed record ClassificationError(LabelledArticle Label, string Kind, IReadOnlyList<string> Extra, IReadOnlyList<string> Missing);

public sealed record ClassificationScore(
    int Articles,
    int Missing,
    PrecisionRecall Relevance,
    PrecisionRecall Partners,
    PrecisionRecall Sectors,
    PrecisionRecall Events,
    PrecisionRecall Amounts,
    int TrickyArticles,
    int TrickyWithPartner,
    IReadOnlyList<ClassificationError> Errors);

/// <summary>
/// The classification evaluation: the analyser's labels against the hand-labelled dev set. Relevance is scored as a
/// yes/no; partner countries, sectors and event types as sets per article, micro-averaged (an article the analyser
/// calls not relevant contributes whatever partners, sectors and events it still reports); amounts as exact
/// (value, currency) pairs, only on articles labelled relevant.
/// </summary>
public static class ClassificationEvaluation
{
    /// <summary>
    /// Labels name the UN agency (WHO, UNICEF…) and the Global Fund as "GF"; the gazetteer's codes are UN and
    /// GLOBALFUND (a subscriber follows the UN system as one partner). Scores compare in the gazetteer's codes.
    /// </summary>
    private static readonly Dictionary<string, string> PartnerCodes = new(StringComparer.Ordinal)
    {
        ["WHO"] = "UN", ["UNICEF"] = "UN", ["UNDP"] = "UN", ["UNESCO"] = "UN", ["FAO"] = "UN", ["ILO"] = "UN", ["UNFPA"] = "UN",
        ["IAEA"] = "UN", ["WFP"] = "UN", ["UNHCR"] = "UN", ["UNIDO"] = "UN", ["UNEP"] = "UN", ["UNAIDS"] = "UN", ["IFAD"] = "UN",
        ["UNODC"] = "UN", ["UNCTAD"] = "UN", ["ITU"] = "UN", ["ICAO"] = "UN", ["IMO"] = "UN", ["WIPO"] = "UN", ["UPU"] = "UN", ["WMO"] = "UN",
        ["GF"] = "GLOBALFUND",
    };

    public static string PartnerCode(string code) => PartnerCodes.GetValueOrDefault(code, code);

    public static IReadOnlyList<LabelledArticle> LoadLabels(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Labelled articles not found: {path}", path);
        var labels = new List<LabelledArticle>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                var id = r.GetProperty("id").GetString() is { Length: > 0 } s ? s : throw new FormatException("no id");
                if (!ids.Add(id)) throw new FormatException($"article {id} is labelled twice");
                var amounts = r.TryGetProperty("amounts", out var a) && a.ValueKind == JsonValueKind.Array
                    ? a.EnumerateArray().Select(x => new LabelledAmount(x.GetProperty("value").GetDecimal(), x.GetProperty("currency").GetString()!.ToUpperInvariant(),
                        x.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "")).ToList()
                    : [];
                labels.Add(new LabelledArticle(id, r.GetProperty("relevant").GetBoolean(),
                    Strings(r, "partners").Select(PartnerCode).Distinct(StringComparer.Ordinal).ToList(),
                    Strings(r, "mentioned").Select(PartnerCode).Distinct(StringComparer.Ordinal).ToList(),
                    Strings(r, "sectors"), Strings(r, "events"), amounts,
                    r.TryGetProperty("confidence", out var c) ? c.GetString() ?? "high" : "high",
                    r.TryGetProperty("set", out var set) ? set.GetString() ?? "" : "",
                    r.TryGetProperty("note", out var note) ? note.GetString() ?? "" : ""));
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{path}:{number}: {e.Message}", e);
            }
        }
        return labels;
    }

    private static List<string> Strings(JsonElement r, string name) =>
        r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(x => x.GetString()!).Where(x => x.Length > 0).ToList() : [];

    /// <summary>Scores the analyses (by article id) against the labels; labels without an analysis are counted as missing.</summary>
    public static ClassificationScore Score(IReadOnlyDictionary<string, Analysis.Analysis> analyses, IReadOnlyList<LabelledArticle> labels)
    {
        var relevance = new Counter();
        var partners = new Counter();
        var sectors = new Counter();
        var events = new Counter();
        var amounts = new Counter();
        var errors = new List<ClassificationError>();
        int missing = 0, tricky = 0, trickyWithPartner = 0;
        foreach (var label in labels)
        {
            if (!analyses.TryGetValue(label.Id, out var analysis)) { missing++; continue; }
            relevance.Add(analysis.Relevant ? ["relevant"] : [], label.Relevant ? ["relevant"] : [], label, "relevance", errors);
            var predictedPartners = analysis.PartnerCountries.Select(p => p.Code).Distinct(StringComparer.Ordinal).ToList();
            partners.Add(predictedPartners, label.Partners, label, "partners", errors);
            sectors.Add(analysis.Sectors.Select(s => s.Id).Distinct(StringComparer.Ordinal).ToList(), label.Sectors, label, "sectors", errors);
            events.Add(analysis.EventTypes.Select(e => e.Id).Distinct(StringComparer.Ordinal).ToList(), label.Events, label, "events", errors);
            if (label.Relevant)
                amounts.Add(analysis.Amounts.Select(AmountKey).Distinct(StringComparer.Ordinal).ToList(),
                    label.Amounts.Select(a => AmountKey(a.Value, a.Currency)).Distinct(StringComparer.Ordinal).ToList(), label, "amounts", errors);
            if (!label.Relevant && label.Set == "tricky")
            {
                tricky++;
                if (predictedPartners.Count > 0) trickyWithPartner++;
            }
        }
        return new ClassificationScore(labels.Count - missing, missing, relevance.Result, partners.Result, sectors.Result, events.Result, amounts.Result,
            tricky, trickyWithPartner, errors);
    }

    private static string AmountKey(Domain.AmountTag a) => AmountKey(a.Value, a.Currency ?? "");

    private static string AmountKey(decimal value, string currency) => $"{value.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)} {currency.ToUpperInvariant()}";

    private sealed class Counter
    {
        private int _tp, _fp, _fn;

        public PrecisionRecall Result => new(_tp, _fp, _fn);

        public void Add(List<string> predicted, IReadOnlyList<string> gold, LabelledArticle label, string kind, List<ClassificationError> errors)
        {
            var extra = predicted.Except(gold, StringComparer.Ordinal).ToList();
            var missing = gold.Except(predicted, StringComparer.Ordinal).ToList();
            _tp += predicted.Count - extra.Count;
            _fp += extra.Count;
            _fn += missing.Count;
            if (extra.Count + missing.Count > 0) errors.Add(new ClassificationError(label, kind, extra, missing));
        }
    }
}
