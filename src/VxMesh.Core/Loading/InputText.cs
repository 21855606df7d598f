using System.Text;

namespace VxMesh.Core.Loading;

/// <summary>
/// Reads an input file as strict UTF-8 within <see cref="InputLimits.MaxBytes"/>. A file is
/// read only up to one byte past the limit (a 1 GB file costs 16 MB, not 1 GB), and invalid
/// UTF-8 is an error at its line and column: the lenient decoder would turn it into U+FFFD and
/// e.g. a device name would silently become another one.
/// </summary>
public static class InputText
{
    /// <summary>The text, or null with the one <paramref name="problem"/> that stops reading.</summary>
    /// <param name="what">What the file is, for messages ("inventory", "topology").</param>
    public static string? Read(string path, string what, InputLimits limits, out InventoryProblem? problem)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            bytes = ReadAtMost(stream, limits.MaxBytes + 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException
                                      or NotSupportedException or System.Security.SecurityException)
        {
            problem = new InventoryProblem(path ?? "", 0, 0, "(file)", $"cannot read the {what}: {e.Message}",
                "check the path and that the file exists and is readable");
            return null;
        }
        return Decode(bytes, path, what, limits, out problem);
    }

    /// <summary>Strict UTF-8 (a leading byte-order mark is dropped), within the size limit.</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes, string source, string what, InputLimits limits, out InventoryProblem? problem)
    {
        problem = null;
        if (bytes.Length > limits.MaxBytes)
        {
            problem = new InventoryProblem(source, 0, 0, "(file)", $"the {what} is larger than {Size(limits.MaxBytes)}",
                $"an inventory of 10,000 nodes is about 1.5 MB: check that this is the right file");
            return null;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
        if (status == System.Buffers.OperationStatus.Done)
        {
            return new string(chars, 0, written);
        }
        var (line, column) = Position(bytes[..read]);
        problem = new InventoryProblem(source, line, column, YamlDocumentReader.DocumentKey,
            $"invalid UTF-8 (byte 0x{bytes[read]:x2} at offset {read:N0})",
            "save the file as UTF-8; every name and value must be valid UTF-8 text");
        return null;
    }

    private static byte[] ReadAtMost(Stream stream, long count)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (buffer.Length < count)
        {
            var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, count - buffer.Length));
            if (read == 0)
            {
                break;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>1-based line and column (in characters) just after <paramref name="valid"/>, which is valid UTF-8.</summary>
    private static (int Line, int Column) Position(ReadOnlySpan<byte> valid)
    {
        var lastNewline = valid.LastIndexOf((byte)'\n');
        var line = valid.Count((byte)'\n') + 1;
        var column = Encoding.UTF8.GetCharCount(valid[(lastNewline + 1)..]) + 1;
        return (line, column);
    }

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes:N0} bytes";
}
