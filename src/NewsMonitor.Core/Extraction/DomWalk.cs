namespace NewsMonitor.Extraction;

/// <summary>
/// Pre-order walks of a subtree by sibling and parent links, skipping nodes marked removed: no recursion, no iterator
/// per level, and nothing allocated beyond the enumerator.
/// </summary>
internal static class DomWalk
{
    /// <summary>The nodes below <paramref name="root"/> in document order. The tree must not change during the walk.</summary>
    public static IEnumerable<DomNode> Below(DomNode root)
    {
        var n = First(root.FirstChild);
        while (n is not null)
        {
            yield return n;
            if (First(n.FirstChild) is { } child) { n = child; continue; }
            DomNode? next;
            while ((next = First(n.NextSibling)) is null)
            {
                n = n.Parent;
                if (n is null || n == root) yield break;
            }
            n = next;
        }
    }

    /// <summary>The elements below <paramref name="root"/> with the given (lower-case) name.</summary>
    public static IEnumerable<DomNode> Below(DomNode root, string name)
    {
        foreach (var n in Below(root))
            if (n.Name == name) yield return n;
    }

    /// <summary><paramref name="n"/> or its first following sibling not marked removed.</summary>
    private static DomNode? First(DomNode? n)
    {
        while (n is { Removed: true }) n = n.NextSibling;
        return n;
    }
}
