using Microsoft.Extensions.Logging;

namespace VxMesh.Cli.Common;

/// <summary>
/// One-line, timestamped console logs on stderr, so stdout stays clean for reports. Info by default
/// (one summary line per agent pass); VXMESH_LOG=debug adds every kernel op as its iproute2 command.
/// </summary>
public static class Logging
{
    public static ILoggerFactory Create(LogLevel? minimum = null) =>
        LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimum ?? FromEnvironment())
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.IncludeScopes = false;
            }));

    private static LogLevel FromEnvironment() =>
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("VXMESH_LOG"), ignoreCase: true, out var level) ? level : LogLevel.Information;
}
