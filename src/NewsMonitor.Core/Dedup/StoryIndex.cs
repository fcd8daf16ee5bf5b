namespace NewsMonitor.Dedup;

/// <summary>
/// Finds the articles that may report the same event as a new one: those listed under one of its story keys
/// (<see cref="StoryVector.Keys"/>) and seen within the story window of it. It keeps two generations of at most a
/// window each and drops the older when the newer is full, so it holds the articles of the last one or two windows
/// (about 60 bytes per key, 8 keys an article), however many the whole index holds. Articles without a time (a batch
/// of undated articles) are all within the window of each other, and are kept for the life of the index. Not
/// thread-safe: callers serialise.
/// </summary>
public sealed class StoryIndex(TimeSpan window)
{
    /// <summary>Entries read per key, newest first: more means the key is a common phrase, not one event's.</summary>
    public const int MaxPerKey = 64;

    /// <summary>The most candidates a lookup returns: those sharing the most keys, then the newest.</summary>
    public const int MaxCandidates = 8;

    private sealed class Generation
    {
        public readonly Dictionary<uint, int> Heads = [];
        public readonly List<(int Ordinal, long Time, int Next)> Entries = [];
        public long First = long.MaxValue;
    }

    private Generation _current = new();
    private Generation? _previous;
    private readonly Dictionary<int, int> _shared = [];

    public TimeSpan Window { get; } = window > TimeSpan.Zero ? window : throw new ArgumentOutOfRangeException(nameof(window), window, "The story window is a positive time.");

    /// <summary>Entries held (keys × articles) in both generations.</summary>
    public int Entries => _current.Entries.Count + (_previous?.Entries.Count ?? 0);

    /// <summary>Lists <paramref name="ordinal"/> under its keys, seen at <paramref name="time"/> (null: undated).</summary>
    public void Add(int ordinal, ReadOnlySpan<uint> keys, DateTimeOffset? time)
    {
        long ticks = time?.UtcTicks ?? 0;
        if (time is not null && _current.First != long.MaxValue && ticks - _current.First > Window.Ticks)
        {
            _previous = _current;
            _current = new Generation();
        }
        if (time is not null) _current.First = Math.Min(_current.First, ticks);
        foreach (var key in keys)
        {
            int next = _current.Heads.TryGetValue(key, out var head) ? head : -1;
            _current.Heads[key] = _current.Entries.Count;
            _current.Entries.Add((ordinal, ticks, next));
        }
    }

    /// <summary>Adds to <paramref name="into"/> the candidates for an article with <paramref name="keys"/> seen at <paramref name="time"/>.</summary>
    public void Candidates(ReadOnlySpan<uint> keys, DateTimeOffset? time, List<int> into)
    {
        _shared.Clear();
        foreach (var key in keys)
        {
            int read = Read(_current, key, time, 0);
            if (_previous is not null) Read(_previous, key, time, read);
        }
        into.AddRange(Choose(_shared.Select(s => (s.Key, s.Value, (long)s.Key)), Comparer<int>.Default));
    }

    /// <summary>
    /// The candidates among <paramref name="found"/> (each with the keys it shares and when it was seen, or its place
    /// in a batch), the same in every index: at most <see cref="MaxCandidates"/>, sharing the most keys first, then the newest.
    /// </summary>
    public static List<T> Choose<T>(IEnumerable<(T Candidate, int Shared, long Seen)> found, IComparer<T> tieBreak) =>
        found.OrderByDescending(f => f.Shared).ThenByDescending(f => f.Seen).ThenBy(f => f.Candidate, tieBreak).Take(MaxCandidates).Select(f => f.Candidate).ToList();

    private int Read(Generation generation, uint key, DateTimeOffset? time, int read)
    {
        if (!generation.Heads.TryGetValue(key, out var at)) return read;
        for (; at >= 0 && read < MaxPerKey; read++)
        {
            var (ordinal, ticks, next) = generation.Entries[at];
            if (time is null || ticks == 0 || Math.Abs(time.Value.UtcTicks - ticks) <= Window.Ticks)
                _shared[ordinal] = _shared.GetValueOrDefault(ordinal) + 1;
            at = next;
        }
        return read;
    }
}
