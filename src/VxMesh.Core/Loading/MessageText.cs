namespace VxMesh.Core.Loading;

/// <summary>Values as messages quote them.</summary>
public static class MessageText
{
    /// <summary>
    /// Whole when short, otherwise its start and its length, so a problem report stays a line
    /// even when the value is megabytes long (and a 50 MB value is never echoed back whole).
    /// </summary>
    public static string Cut(string value, int max = 80) =>
        value.Length <= max ? value : $"{value[..max]}… ({value.Length:N0} characters)";
}
