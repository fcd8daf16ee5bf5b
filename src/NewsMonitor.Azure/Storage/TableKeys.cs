using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;

namespace NewsMonitor.Azure.Storage;

/// <summary>
/// Partition and row keys for Azure Tables, which forbid <c>/ \ # ?</c> and control characters (U+0000–U+001F,
/// U+007F–U+009F) in keys and allow at most 1 KiB per key.
/// </summary>
internal static class TableKeys
{
    /// <summary>A key holds 1 KiB (512 UTF-16 characters); this leaves room for the short prefixes some keys carry.</summary>
    public const int MaxLength = 480;

    /// <summary>
    /// A key for an id: each forbidden character, '%' and any unpaired surrogate becomes <c>%XX</c> (<c>%uXXXX</c> for a
    /// surrogate), so distinct ids give distinct keys and a key still reads like its id. Throws
    /// <see cref="ArgumentException"/> when the key would be longer than <see cref="MaxLength"/>.
    /// </summary>
    public static string Escape(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        StringBuilder? escaped = null;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool pair = char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]);
            string? replacement =
                c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c) ? "%" + ((int)c).ToString("X2", CultureInfo.InvariantCulture)
                : char.IsSurrogate(c) && !pair ? "%u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture)
                : null;
            if (replacement is null && escaped is null)
            {
                if (pair) i++;
                continue;
            }
            escaped ??= new StringBuilder(value, 0, i, value.Length + 16);
            if (replacement is not null) escaped.Append(replacement);
            else
            {
                escaped.Append(c);
                if (pair) escaped.Append(value[++i]);
            }
        }
        var key = escaped?.ToString() ?? value;
        if (key.Length > MaxLength)
            throw new ArgumentException($"The {what} '{value[..Math.Min(60, value.Length)]}…' is {key.Length} characters as a table key; Azure Tables keys hold at most {MaxLength}.", nameof(value));
        return key;
    }

    /// <summary>
    /// A key for text that can be longer than a key, such as a URL: the SHA-256 of its UTF-8 in lowercase hex (64
    /// characters). Its first two characters spread the rows over 256 partitions (<see cref="HashPartition"/>).
    /// </summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static string HashPartition(string hash) => hash[..2];

    /// <summary>An OData filter on one partition, the key quoted safely.</summary>
    public static string PartitionFilter(string partitionKey) => TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
}
