using System.IO.Compression;
using Azure.Data.Tables;
using NewsMonitor.Domain;

namespace NewsMonitor.Azure.Storage;

/// <summary>
/// A value as gzipped UTF-8 JSON in binary properties <c>Name</c>, <c>Name1</c>, <c>Name2</c>…, for values larger
/// than one property holds (64 KiB). Vietnamese JSON shrinks about fivefold, so a row holds several megabytes of
/// JSON; the same text as string properties would be capped by the 1 MiB entity limit, which Azurite counts on the
/// escaped request body (six bytes per Vietnamese letter).
/// </summary>
internal static class PackedJson
{
    private const int ChunkBytes = 64_000;

    /// <summary>Chunks per row: 11 × 64,000 bytes, base64 on the wire, stays under the 1 MiB entity limit with room for the other properties.</summary>
    private const int MaxChunks = 11;

    /// <summary>Sets the properties; throws <see cref="ArgumentException"/> naming <paramref name="what"/> when even compressed it is too large for a row.</summary>
    public static void Write(TableEntity row, string name, object value, string what)
    {
        var json = Json.ToUtf8(value);
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(json);
        var bytes = packed.GetBuffer().AsSpan(0, (int)packed.Length);
        if (bytes.Length > ChunkBytes * MaxChunks)
            throw new ArgumentException($"{what} is {json.Length:N0} bytes of JSON, {bytes.Length:N0} gzipped; a table row holds at most {ChunkBytes * MaxChunks:N0}.", nameof(value));
        for (int n = 0, start = 0; start < bytes.Length || n == 0; n++, start += ChunkBytes)
            row[n == 0 ? name : name + n] = bytes.Slice(start, Math.Min(ChunkBytes, bytes.Length - start)).ToArray();
    }

    /// <summary>The value; throws <see cref="InvalidDataException"/> naming <paramref name="what"/> when the row does not hold one.</summary>
    public static T Read<T>(TableEntity row, string name, string what)
    {
        if (row.GetBinary(name) is not { } first) throw new InvalidDataException($"{what}: the row has no {name} property.");
        using var packed = new MemoryStream(first.Length);
        packed.Write(first);
        for (int n = 1; row.GetBinary(name + n) is { } next; n++) packed.Write(next);
        packed.Position = 0;
        using var json = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(packed, CompressionMode.Decompress);
            gzip.CopyTo(json);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{what}: {name} is not gzipped JSON: {e.Message}", e);
        }
        return Json.Read<T>(json.GetBuffer().AsSpan(0, (int)json.Length), what);
    }
}
