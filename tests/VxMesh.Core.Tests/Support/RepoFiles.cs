namespace VxMesh.Core.Tests.Support;

/// <summary>Files of the repository, found by walking up from the test binary to VxMesh.slnx.</summary>
public static class RepoFiles
{
    public static string Path(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "VxMesh.slnx")))
            {
                return System.IO.Path.Combine(dir.FullName, relative);
            }
        }
        throw new InvalidOperationException($"no VxMesh.slnx above {AppContext.BaseDirectory}");
    }
}
