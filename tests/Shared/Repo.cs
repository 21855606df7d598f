namespace VxMesh.Tests.Shared;

/// <summary>Paths inside the repository, found from the test binary's location.</summary>
public static class Repo
{
    public static string Root { get; } = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "VxMesh.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no VxMesh.slnx above {AppContext.BaseDirectory}");
    }
}
