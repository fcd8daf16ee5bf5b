using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NewsMonitor.Dedup;

/// <summary>
/// The whole signature, sorted shingle hashes and story vector of every searchable article of a batch, by ordinal, in a temporary
/// file deleted when the spill is disposed: about 5 KB per article on disk and 4 bytes in memory, so comparing
/// candidates exactly (<see cref="Fingerprints.Similarity"/>) costs the batch almost no memory. The newest megabyte stays
/// in memory, where a story's later reports usually find its first. Not thread-safe.
/// </summary>
internal sealed class FingerprintSpill : IDisposable
{
    private const int BufferBytes = 1 << 20;
    private const int SignatureBytes = Fingerprints.SignatureLength * sizeof(ushort);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"newsmon-dedup-{Guid.NewGuid():n}.bin");
    private readonly SafeFileHandle _file;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private long _bufferStart; // file offset of _buffer[0]
    private int _bufferUsed;
    private long[] _ends = new long[1024]; // end offset of each ordinal's record; a record starts where the one before ends
    private int _count;

    public FingerprintSpill() =>
        _file = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);

    /// <summary>Appends the next ordinal's signature, shingles and story vector; an article that is never a candidate keeps nothing (null).</summary>
    public void Add(ushort[]? signature, uint[]? shingles, StoryVector? story = null)
    {
        if (_count == _ends.Length) Array.Resize(ref _ends, _ends.Length * 2);
        long end = End(_count - 1);
        if (signature is not null)
        {
            if (signature.Length != Fingerprints.SignatureLength) throw new ArgumentException($"A signature has {Fingerprints.SignatureLength} values, not {signature.Length}.", nameof(signature));
            int count = shingles?.Length ?? 0;
            var storyBytes = story?.ToBytes() ?? [];
            Append(MemoryMarshal.AsBytes(signature.AsSpan()));
            Append(MemoryMarshal.AsBytes(new ReadOnlySpan<int>(in count)));
            Append(MemoryMarshal.AsBytes((shingles ?? []).AsSpan()));
            Append(storyBytes);
            end += SignatureBytes + sizeof(int) + count * sizeof(uint) + storyBytes.Length;
        }
        _ends[_count++] = end;
    }

    /// <summary>The signature, shingles and story vector of <paramref name="ordinal"/>, or null when it kept nothing.</summary>
    public (ushort[] Signature, uint[]? Shingles, StoryVector? Story)? Get(int ordinal)
    {
        if ((uint)ordinal >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The spill has {_count} articles.");
        long start = End(ordinal - 1), end = _ends[ordinal];
        if (end == start) return null;
        var record = new byte[end - start];
        Read(start, record);
        var signature = MemoryMarshal.Cast<byte, ushort>(record.AsSpan(0, SignatureBytes)).ToArray();
        int count = BitConverter.ToInt32(record, SignatureBytes);
        int shinglesAt = SignatureBytes + sizeof(int), storyAt = shinglesAt + count * sizeof(uint);
        var shingles = MemoryMarshal.Cast<byte, uint>(record.AsSpan(shinglesAt, count * sizeof(uint))).ToArray();
        return (signature, shingles.Length == 0 ? null : shingles, StoryVector.FromBytes(record.AsSpan(storyAt)));
    }

    private long End(int ordinal) => ordinal < 0 ? 0 : _ends[ordinal];

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_bufferUsed + bytes.Length > BufferBytes) Flush();
        if (bytes.Length > BufferBytes)
        {
            RandomAccess.Write(_file, bytes, _bufferStart);
            _bufferStart += bytes.Length;
            return;
        }
        bytes.CopyTo(_buffer.AsSpan(_bufferUsed));
        _bufferUsed += bytes.Length;
    }

    private void Read(long offset, Span<byte> into)
    {
        int fromFile = (int)Math.Clamp(_bufferStart - offset, 0, into.Length);
        for (int read = 0; read < fromFile;)
        {
            int n = RandomAccess.Read(_file, into[read..fromFile], offset + read);
            if (n == 0) throw new IOException($"The dedup spill {_path} ended early.");
            read += n;
        }
        if (fromFile < into.Length) _buffer.AsSpan((int)(offset + fromFile - _bufferStart), into.Length - fromFile).CopyTo(into[fromFile..]);
    }

    private void Flush()
    {
        RandomAccess.Write(_file, _buffer.AsSpan(0, _bufferUsed), _bufferStart);
        _bufferStart += _bufferUsed;
        _bufferUsed = 0;
    }

    public void Dispose() => _file.Dispose();
}
