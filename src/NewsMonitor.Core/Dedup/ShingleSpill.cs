using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace NewsMonitor.Dedup;

/// <summary>
/// The sorted shingle hashes of every article of a batch, by ordinal, in a temporary file that is deleted when the
/// spill is disposed: about 2 KB per article on disk and 8 bytes in memory, so the exact comparison of candidates
/// (<see cref="Fingerprints.Similarity"/>) costs the batch no memory to speak of. The newest megabyte stays in memory,
/// where a story's later reports usually find its first. Not thread-safe.
/// </summary>
internal sealed class ShingleSpill : IDisposable
{
    private const int BufferBytes = 1 << 20;

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"newsmon-shingles-{Guid.NewGuid():n}.bin");
    private readonly SafeFileHandle _file;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private long _bufferStart; // file offset of _buffer[0]
    private int _bufferUsed;
    private long[] _ends = new long[1024]; // end offset of each ordinal's hashes; an ordinal starts where the one before ends
    private int _count;

    public ShingleSpill() =>
        _file = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);

    public int Count => _count;

    /// <summary>Appends the next ordinal's hashes (none for an article that is never a candidate).</summary>
    public void Add(ReadOnlySpan<uint> shingles)
    {
        var bytes = MemoryMarshal.AsBytes(shingles);
        if (_bufferUsed + bytes.Length > BufferBytes) Flush();
        if (bytes.Length > BufferBytes) RandomAccess.Write(_file, bytes, _bufferStart);
        else bytes.CopyTo(_buffer.AsSpan(_bufferUsed));
        long end = End(_count - 1) + bytes.Length;
        if (bytes.Length > BufferBytes) _bufferStart = end;
        else _bufferUsed += bytes.Length;
        if (_count == _ends.Length) Array.Resize(ref _ends, _ends.Length * 2);
        _ends[_count++] = end;
    }

    /// <summary>The hashes of <paramref name="ordinal"/>, or null when none were added for it.</summary>
    public uint[]? Get(int ordinal)
    {
        if ((uint)ordinal >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The spill has {_count} articles.");
        long start = End(ordinal - 1), end = _ends[ordinal];
        if (end == start) return null;
        var shingles = new uint[(end - start) / sizeof(uint)];
        var into = MemoryMarshal.AsBytes(shingles.AsSpan());
        if (start >= _bufferStart) _buffer.AsSpan((int)(start - _bufferStart), into.Length).CopyTo(into);
        else
        {
            int fromFile = (int)Math.Min(into.Length, _bufferStart - start);
            for (int read = 0; read < fromFile;)
            {
                int n = RandomAccess.Read(_file, into[read..fromFile], start + read);
                if (n == 0) throw new IOException($"The shingle spill {_path} ended early.");
                read += n;
            }
            _buffer.AsSpan(0, into.Length - fromFile).CopyTo(into[fromFile..]);
        }
        return shingles;
    }

    private long End(int ordinal) => ordinal < 0 ? 0 : _ends[ordinal];

    private void Flush()
    {
        RandomAccess.Write(_file, _buffer.AsSpan(0, _bufferUsed), _bufferStart);
        _bufferStart += _bufferUsed;
        _bufferUsed = 0;
    }

    public void Dispose() => _file.Dispose();
}
