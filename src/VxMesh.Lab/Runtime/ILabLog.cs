namespace VxMesh.Lab.Runtime;

/// <summary>Progress lines from long lab operations; the CLI prints them, tests collect them.</summary>
public interface ILabLog
{
    void Step(string message);
}

/// <summary>Plain lines on stderr, so stdout stays for reports.</summary>
public sealed class StderrLabLog : ILabLog
{
    public void Step(string message) => Console.Error.WriteLine(message);
}

public sealed class SilentLabLog : ILabLog
{
    public void Step(string message)
    {
    }
}
