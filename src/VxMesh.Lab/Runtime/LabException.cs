namespace VxMesh.Lab.Runtime;

/// <summary>A lab operation failed at run time (a command failed, a wait timed out): exit 1, with this message.</summary>
public sealed class LabException(string message) : Exception(message);
