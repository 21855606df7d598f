namespace VxMesh.Lab.Runtime;

/// <summary>
/// A lab request that cannot be carried out as asked (an unknown lab or node, a new node whose
/// address is taken, a verb the lab's mode does not support): exit 2, nothing was changed.
/// </summary>
public sealed class LabInputException(string message) : Exception(message);
