namespace VxMesh.Core.Security;

/// <summary>Files that hold a secret (a private key, a password): readable by their owner only from the first byte.</summary>
public static class SecretFile
{
    public static void Write(string path, string text)
    {
        File.Delete(path); // the mode below applies to a new file only
        using var stream = OwnerOnly(path);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(text);
    }

    private static FileStream OwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        }
        return new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
    }
}
